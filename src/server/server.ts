/**
 * `startServer`: one process with the catalog, the queue, N workers and (unless `listen` is absent) the
 * HTTP API. With PostgreSQL many such processes share one database; with SQLite there is one.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Server as HttpsServer } from "node:https";
import type { FastifyInstance } from "fastify";
import { sqlCatalog } from "./catalog/catalog.js";
import { catalogLayerCache } from "./catalog/layer-cache.js";
import { sqlLocks } from "./catalog/locks.js";
import { sqlPolicies } from "./catalog/policies.js";
import { sqlRegistries } from "./catalog/registries.js";
import { sqlScanCredentials } from "./catalog/scan-credentials.js";
import { DEFAULT_HARBOR_PREFIX } from "./harbor/routes.js";
import { sqlTokens } from "./catalog/tokens.js";
import type { ServerConfig } from "./config.js";
import { openDatabase } from "./db/open.js";
import type { SqlDatabase } from "./db/sql.js";
import { openFindings, type FindingsService } from "./findings.js";
import { startIndexer, type FleetIndexer } from "./fleet/indexer.js";
import { buildApp, DEFAULT_UPLOAD_LIMIT } from "./http/app.js";
import type { ApiContext } from "./http/context.js";
import { startMetricsListener, type MetricsListener } from "./http/metrics-listener.js";
import { loadTls, watchTls } from "./http/tls.js";
import { serverMetrics } from "./metrics.js";
import { sqlQueue } from "./queue/queue.js";
import { openSecretBox } from "./secrets.js";
import { defaultRetention, retain } from "./retention.js";
import { startAdmissionListener, type AdmissionListener } from "./admission/listener.js";
import { admitTarget } from "./targets.js";
import { verdictService } from "./verdicts.js";
import { startWorkers, type WorkerPool } from "./worker/pool.js";

const PRUNE_EVERY_MS = 3_600_000;

export interface RunningServer {
  /** `http://host:port` (`https://` with TLS) when listening. */
  url?: string;
  /** `http://host:port` of `metricsListen`. */
  metricsUrl?: string;
  /** `https://host:port` of the admission listener. */
  admissionUrl?: string;
  db: SqlDatabase;
  app?: FastifyInstance;
  /** Stop accepting requests, drain or release running scans (up to `drainMs`), close the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  await mkdir(config.tmpDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase(config.database);
  let registries;
  let scanCredentials;
  try {
    const box = await openSecretBox(config.secretKey, config.dataDir ?? join(config.cacheDir, "server"));
    registries = sqlRegistries(db, box);
    scanCredentials = sqlScanCredentials(db, box);
    const resealed = await registries.reseal();
    if (resealed > 0) config.logger.info("registry credentials sealed again with the current key", { registries: resealed });
  } catch (err) {
    await db.close();
    throw err;
  }
  const catalog = sqlCatalog(db);
  const queue = sqlQueue(db, config.queue);
  const layerCache = catalogLayerCache(db);
  const counters = serverMetrics();
  const hooks = { logger: config.logger, cacheDir: config.cacheDir, tmpDir: config.tmpDir };
  let findings: FindingsService | undefined;
  let pool: WorkerPool | undefined;
  let app: FastifyInstance | undefined;
  let metricsListener: MetricsListener | undefined;
  let admission: AdmissionListener | undefined;
  let stopTls: (() => void) | undefined;
  let fleet: FleetIndexer | undefined;
  const ready = () => db.all("SELECT 1 AS ok").then((rows) => rows.length === 1, () => false);
  try {
    const tls = config.tls ? loadTls(config.tls) : undefined;
    if (config.listen) {
      findings = await openFindings(config.scanOptions, hooks);
      fleet = startIndexer({ db, findings, logger: config.logger, pollMs: config.pollMs });
    }
    if (config.workers > 0) {
      const index = fleet;
      const deps = {
        queue, catalog, layerCache, options: config.scanOptions, ...hooks, leaseMs: config.queue.leaseMs, pollMs: config.pollMs, metrics: counters,
        registries, scanCredentials, allowRegistries: config.allowRegistries, locks: sqlLocks(db), ...(config.resolver ? { resolver: config.resolver } : {}),
        ...(index ? { afterStore: (digests: readonly string[]) => index.indexNow(digests) } : {}),
      };
      pool = startWorkers(config.workers, deps);
    }
    if (config.listen && findings && fleet) {
      const policies = sqlPolicies(db);
      const verdicts = verdictService({ catalog, findings, policies, allowUnverified: config.policyAllowUnverified === true });
      const targetPolicy = { allowLocalTargets: config.allowLocalTargets, allowRegistries: config.allowRegistries, ...(config.resolver ? { resolver: config.resolver } : {}) };
      const ctx: ApiContext = {
        policies,
        verdicts,
        catalog, queue, tokens: sqlTokens(db), findings, db, fleet, layerCache, counters, uploadLimit: config.uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
        policy: { allowLocalTargets: config.allowLocalTargets, allowRegistries: config.allowRegistries, ...(config.resolver ? { resolver: config.resolver } : {}) },
        registries,
        scanCredentials,
        ...(config.hookSecrets ? { hookSecrets: config.hookSecrets } : {}),
        ...(config.harborPrefix === null ? {} : { harborPrefix: config.harborPrefix ?? DEFAULT_HARBOR_PREFIX }),
        ...(config.dbRefreshMs ? { dbRefreshMs: config.dbRefreshMs } : {}),
        ...(config.uiDir ? { uiDir: config.uiDir } : {}),
        onEnqueued: () => pool?.wake(),
        ready,
      };
      app = buildApp(ctx, { ...(config.httpLogger ? { logger: config.httpLogger } : {}), ...(tls ? { https: tls } : {}) });
      await app.listen({ host: config.listen.host, port: config.listen.port });
      if (config.tls) stopTls = watchTls(app.server as unknown as HttpsServer, config.tls, config.logger);
      if (config.admission) {
        admission = await startAdmissionListener(config.admission.listen, config.admission.tls, {
          settings: config.admission.settings,
          check: (digest) => verdicts.check(digest),
          // Scans an admission review asks for: registry references only, under the API's target rules.
          enqueue: async (reference) => {
            const configured = await registries.list();
            const target = await admitTarget(reference, { ...targetPolicy, allowLocalTargets: false, allowRegistries: [...targetPolicy.allowRegistries, ...configured.map((r) => r.host)] });
            const { created } = await queue.enqueue(target.target, target.dedupeKey, "manual");
            if (created) pool?.wake();
          },
          logger: config.logger,
        });
      }
    }
    if (config.metricsListen) {
      metricsListener = await startMetricsListener({ queue, catalog, layerCache, counters, ...(findings ? { findings } : {}), ...(fleet ? { fleet } : {}) }, config.metricsListen, ready);
    }
  } catch (err) {
    stopTls?.();
    await admission?.close();
    await app?.close();
    await pool?.stop(0);
    await fleet?.stop();
    await findings?.close();
    await db.close();
    throw err;
  }
  const pruneNow = () =>
    retain(db, config.retention ?? defaultRetention).then(
      (pruned) => config.logger.info("retention", { ...pruned }),
      (err: unknown) => config.logger.warn("retention failed", { error: String(err) }),
    );
  await pruneNow();
  const pruning = setInterval(() => void pruneNow(), PRUNE_EVERY_MS);
  pruning.unref();
  const refreshing = findings && config.dbRefreshMs ? setInterval(() => findings.update(), config.dbRefreshMs) : undefined;
  refreshing?.unref();
  const address = app?.server.address();
  const url = address && typeof address === "object" ? `${config.tls ? "https" : "http"}://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : undefined;
  let closing: Promise<void> | undefined;
  return {
    ...(url ? { url } : {}),
    ...(metricsListener ? { metricsUrl: metricsListener.url } : {}),
    ...(admission ? { admissionUrl: admission.url } : {}),
    db,
    ...(app ? { app } : {}),
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruning);
        clearInterval(refreshing);
        stopTls?.();
        await metricsListener?.close();
        await admission?.close();
        await app?.close();
        await pool?.stop(config.drainMs);
        await fleet?.stop();
        await findings?.close();
        await db.close();
      })()),
  };
}
