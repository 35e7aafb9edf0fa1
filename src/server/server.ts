/**
 * `startServer`: one process with the catalog, the queue, N workers and (unless `listen` is absent) the
 * HTTP API. With PostgreSQL many such processes share one database; with SQLite there is one.
 */
import { mkdir } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import { sqlCatalog } from "./catalog/catalog.js";
import { catalogLayerCache } from "./catalog/layer-cache.js";
import { sqlTokens } from "./catalog/tokens.js";
import type { ServerConfig } from "./config.js";
import { openDatabase } from "./db/open.js";
import type { SqlDatabase } from "./db/sql.js";
import { openFindings, type FindingsService } from "./findings.js";
import { startIndexer, type FleetIndexer } from "./fleet/indexer.js";
import { buildApp } from "./http/app.js";
import type { ApiContext, Counters } from "./http/context.js";
import { sqlQueue } from "./queue/queue.js";
import { defaultRetention, prune } from "./retention.js";
import { startWorkers, type WorkerPool } from "./worker/pool.js";

const PRUNE_EVERY_MS = 3_600_000;

export interface RunningServer {
  /** `http://host:port` when listening. */
  url?: string;
  db: SqlDatabase;
  app?: FastifyInstance;
  /** Stop accepting requests, drain or release running scans (up to `drainMs`), close the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  await mkdir(config.tmpDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase(config.database);
  const catalog = sqlCatalog(db);
  const queue = sqlQueue(db, config.queue);
  const layerCache = catalogLayerCache(db);
  const counters: Counters = { started: 0, failed: 0, done: 0 };
  const hooks = { logger: config.logger, cacheDir: config.cacheDir, tmpDir: config.tmpDir };
  let findings: FindingsService | undefined;
  let pool: WorkerPool | undefined;
  let app: FastifyInstance | undefined;
  let fleet: FleetIndexer | undefined;
  try {
    if (config.listen) {
      findings = await openFindings(config.scanOptions, hooks);
      fleet = startIndexer({ db, findings, logger: config.logger, pollMs: config.pollMs });
    }
    if (config.workers > 0) {
      const index = fleet;
      const deps = {
        queue, catalog, layerCache, options: config.scanOptions, ...hooks, leaseMs: config.queue.leaseMs, pollMs: config.pollMs, metrics: counters,
        ...(index ? { afterStore: (digests: readonly string[]) => index.indexNow(digests) } : {}),
      };
      pool = startWorkers(config.workers, deps);
    }
    if (config.listen && findings && fleet) {
      const ctx: ApiContext = {
        catalog, queue, tokens: sqlTokens(db), findings, db, fleet, layerCache, counters,
        policy: { allowLocalTargets: config.allowLocalTargets, allowRegistries: config.allowRegistries },
        onEnqueued: () => pool?.wake(),
        ready: () => db.all("SELECT 1 AS ok").then((rows) => rows.length === 1, () => false),
      };
      app = buildApp(ctx, config.httpLogger ? { logger: config.httpLogger } : {});
      await app.listen({ host: config.listen.host, port: config.listen.port });
    }
  } catch (err) {
    await pool?.stop(0);
    await fleet?.stop();
    findings?.close();
    await db.close();
    throw err;
  }
  const pruneNow = () =>
    prune(db, config.retention ?? defaultRetention).then(
      (pruned) => config.logger.info("retention", { ...pruned }),
      (err: unknown) => config.logger.warn("retention failed", { error: String(err) }),
    );
  await pruneNow();
  const pruning = setInterval(() => void pruneNow(), PRUNE_EVERY_MS);
  pruning.unref();
  const address = app?.server.address();
  const url = address && typeof address === "object" ? `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : undefined;
  let closing: Promise<void> | undefined;
  return {
    ...(url ? { url } : {}),
    db,
    ...(app ? { app } : {}),
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruning);
        await app?.close();
        await pool?.stop(config.drainMs);
        await fleet?.stop();
        findings?.close();
        await db.close();
      })()),
  };
}
