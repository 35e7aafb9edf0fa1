/**
 * `startServer`: one process with the catalog, the queue, N workers and (unless `listen` is absent) the
 * HTTP API. With PostgreSQL many such processes share one database; with SQLite there is one.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Server as HttpsServer } from "node:https";
import type { FastifyInstance } from "fastify";
import { observedCatalog, sqlCatalog } from "./catalog/catalog.js";
import { catalogLayerCache } from "./catalog/layer-cache.js";
import { sqlLocks } from "./catalog/locks.js";
import { cachingPolicies, sqlPolicies } from "./catalog/policies.js";
import { sqlRegistries } from "./catalog/registries.js";
import { sqlScanCredentials } from "./catalog/scan-credentials.js";
import { DEFAULT_HARBOR_PREFIX } from "./harbor/routes.js";
import { partOf, precomputeReports } from "./harbor/stored.js";
import { sqlTokens } from "./catalog/tokens.js";
import { sqlWatches } from "./catalog/watches.js";
import { pollWatch, startWatcher, type Watcher } from "./hooks/watcher.js";
import type { ServerConfig } from "./config.js";
import { openDatabase } from "./db/open.js";
import type { SqlDatabase } from "./db/sql.js";
import { openFindings, type FindingsService } from "./findings.js";
import { startIndexer, type FleetIndexer } from "./fleet/indexer.js";
import { startMonitor, type Monitor } from "./monitor/monitor.js";
import { buildApp, DEFAULT_UPLOAD_LIMIT } from "./http/app.js";
import type { ApiContext } from "./http/context.js";
import { startMetricsListener, type MetricsListener } from "./http/metrics-listener.js";
import { loadTls, watchTls } from "./http/tls.js";
import { serverMetrics } from "./metrics.js";
import { sqlQueue } from "./queue/queue.js";
import { scanEventOf } from "./notify/scan-events.js";
import { startNotifications, type NotificationService } from "./notify/service.js";
import { openSecretBox } from "./secrets.js";
import { defaultRetention, retain } from "./retention.js";
import type { AdmissionDeps } from "./admission/decide.js";
import { startAdmissionListener, type AdmissionListener } from "./admission/listener.js";
import { startAdmissionProcesses } from "./admission/processes.js";
import { tagResolver } from "./admission/tags.js";
import { inventoryFingerprint } from "../scan/index.js";
import { startRegistryProxy, type RegistryProxy } from "./proxy/proxy.js";
import { admitTarget } from "./targets.js";
import { verdictService, WARM_VERDICT_MS, type VerdictService } from "./verdicts.js";
import { storedReport } from "./fleet/stored-report.js";
import { startWarmer, type Warmer } from "./warm.js";
import { startWorkers, type WorkerPool } from "./worker/pool.js";
import { attachAfterScan, type AttachDeps } from "./referrers.js";
import { errorMessage } from "../errors.js";

const PRUNE_EVERY_MS = 3_600_000;

/** The registry settings of the server's scans that apply to its own registry requests too. */
export const registryClientOptions = (o: ServerConfig["scanOptions"]) => ({
  ...(o.username !== undefined ? { username: o.username } : {}),
  ...(o.password !== undefined ? { password: o.password } : {}),
  ...(o.insecure ? { insecure: true } : {}),
});
/** After a scan stored its inventories: index them (findings, stored answers, precomputed reports), then attach results where the registry asks. */
const afterScan = (index: FleetIndexer, attach: AttachDeps) => async (digests: readonly string[], target: string) => {
  await index.indexNow(digests);
  await attachAfterScan(attach, target, digests).catch((err: unknown) => attach.logger.warn("attaching scan results as referrers failed", { target, error: errorMessage(err) }));
};

export interface RunningServer {
  /** `http://host:port` (`https://` with TLS) when listening. */
  url?: string;
  /** `http://host:port` of `metricsListen`. */
  metricsUrl?: string;
  /** `https://host:port` of the admission listener. */
  admissionUrl?: string;
  /** `http(s)://host:port` of the registry proxy. */
  registryProxyUrl?: string;
  db: SqlDatabase;
  app?: FastifyInstance;
  /** Subscriptions, the outbox and its deliverer; `listeners` are what the monitor calls inside its transactions. */
  notifications: NotificationService;
  /** Stop accepting requests, drain or release running scans (up to `drainMs`), close the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  await mkdir(config.tmpDir, { recursive: true, mode: 0o700 });
  const db = await openDatabase(config.database);
  let registries;
  let scanCredentials;
  let notifications: NotificationService;
  try {
    const box = await openSecretBox(config.secretKey, config.dataDir ?? join(config.cacheDir, "server"));
    registries = sqlRegistries(db, box);
    scanCredentials = sqlScanCredentials(db, box);
    const resealed = await registries.reseal();
    if (resealed > 0) config.logger.info("registry credentials sealed again with the current key", { registries: resealed });
    notifications = startNotifications({
      db, box, logger: config.logger, ...(config.notifications ? { config: config.notifications } : {}),
      ...(config.changeListeners ? { changeListeners: config.changeListeners } : {}), ...(config.scanListeners ? { scanListeners: config.scanListeners } : {}),
    });
    const resealedSecrets = await notifications.subscriptions.reseal();
    if (resealedSecrets > 0) config.logger.info("subscription secrets sealed again with the current key", { subscriptions: resealedSecrets });
  } catch (err) {
    await db.close();
    throw err;
  }
  // Writes through the catalog and the policy store drop the verdicts remembered in memory (verdicts.ts).
  let forgetVerdicts = (): void => undefined;
  const catalog = observedCatalog(sqlCatalog(db), () => forgetVerdicts());
  const policies = cachingPolicies(sqlPolicies(db), WARM_VERDICT_MS, () => forgetVerdicts());
  // Scans given up after their last lease ran out are heard as scan.failed, like those a worker fails.
  const queue = sqlQueue(db, config.queue, undefined, (q, job) => scanEventOf(q, job, notifications.now()).then((event) => notifications.listeners.scan(q, event)));
  const layerCache = catalogLayerCache(db);
  const counters = serverMetrics();
  const hooks = { logger: config.logger, cacheDir: config.cacheDir, tmpDir: config.tmpDir };
  let findings: FindingsService | undefined;
  let pool: WorkerPool | undefined;
  let app: FastifyInstance | undefined;
  let metricsListener: MetricsListener | undefined;
  let admission: AdmissionListener | undefined;
  let registryProxy: RegistryProxy | undefined;
  // The proxy's upstream was named by the operator: its workers may scan it wherever it is.
  const allowRegistries = [...config.allowRegistries, ...(config.registryProxy ? [new URL(config.registryProxy.upstream).host] : [])];
  let stopTls: (() => void) | undefined;
  let fleet: FleetIndexer | undefined;
  let monitor: Monitor | undefined;
  let warmer: Warmer | undefined;
  const now = config.now ?? Date.now;
  let watcher: Watcher | undefined;
  const ready = () => db.all("SELECT 1 AS ok").then((rows) => rows.length === 1, () => false);
  try {
    const tls = config.tls ? loadTls(config.tls) : undefined;
    let verdicts: VerdictService | undefined;
    if (config.listen) {
      const open = (findings = await openFindings(config.scanOptions, hooks));
      const reads = { db, findings: open, catalog };
      verdicts = verdictService({
        catalog, findings: open, policies, allowUnverified: config.policyAllowUnverified === true, warmMs: WARM_VERDICT_MS,
        imagesOf: (digest) => catalog.getResolution(inventoryFingerprint(digest, config.scanOptions)),
        stored: async (digest, filters) => {
          const built = await storedReport(reads, digest, filters, { listPackages: false, inventory: true });
          return built && { storedAt: built.storedAt, report: built.report, inventory: built.inventory! };
        },
      });
      const check = verdicts;
      fleet = startIndexer({
        db, findings, logger: config.logger, pollMs: config.pollMs, deferred: (v) => monitor?.deferred(v) ?? Promise.resolve(false),
        // Harbor's report parts and the active policy's verdict, from what indexing computed (nothing matched again).
        afterIndex: async (digest, inventory, at, indexed) => {
          await precomputeReports(db, open, digest, inventory, at, indexed);
          await check.check(digest, new Date(), indexed.report, { inventory, storedAt: at });
        },
        // Images without a stored verdict by the active policy (a policy activated, the database switched): in the
        // background, so the image list filters by verdict.
        verdicts: { revision: async () => (await policies.active())?.revision, pending: (limit) => check.pending(limit), evaluate: async (digest) => (await check.check(digest)).status === "evaluated" },
      });
      const index = fleet;
      warmer = startWarmer({
        db, findings: open, harborPart: (digest) => partOf(reads, digest, "harbor-vulnerabilities"),
        busy: async (v) => (await index.status()).pending > 0 || ((await monitor?.deferred(v)) ?? false),
        logger: config.logger, pollMs: config.pollMs,
      });
    }
    if (verdicts) {
      const service = verdicts;
      forgetVerdicts = () => service.forget();
    }
    if (findings) {
      monitor = startMonitor({
        db, findings, ...(verdicts ? { verdicts } : {}), listeners: [notifications.listeners.change], locks: sqlLocks(db, now), queue, logger: config.logger, now,
        pollMs: config.pollMs, ...(config.monitor?.epssThreshold !== undefined ? { delta: { epssThreshold: config.monitor.epssThreshold } } : {}),
        ...(config.monitor?.batch ? { batch: config.monitor.batch } : {}), onEnqueued: () => pool?.wake(),
      });
    }
    if (config.workers > 0) {
      const index = fleet;
      const deps = {
        queue, catalog, layerCache, options: config.scanOptions, ...hooks, leaseMs: config.queue.leaseMs, pollMs: config.pollMs, metrics: counters,
        registries, scanCredentials, allowRegistries, locks: sqlLocks(db), ...(config.resolver ? { resolver: config.resolver } : {}),
        ...(index && findings ? { afterStore: afterScan(index, { registries, catalog, findings, logger: config.logger, allowRegistries, ...(config.resolver ? { resolver: config.resolver } : {}) }) } : {}),
        scanListener: notifications.listeners.scan, now: notifications.now,
        ...(monitor ? { bulk: (target: string) => monitor!.bulkJob(target) } : {}),
      };
      pool = startWorkers(config.workers, deps);
    }
    if (config.listen && findings && fleet && verdicts) {
      const watches = sqlWatches(db);
      const watcherDeps = {
        store: watches, queue, registries, logger: config.logger, allowRegistries: config.allowRegistries, onEnqueued: () => pool?.wake(),
        ...(config.resolver ? { resolver: config.resolver } : {}), ...(config.clock ? { clock: config.clock } : {}), ...(config.watchTickMs ? { tickMs: config.watchTickMs } : {}),
      };
      const poller = startWatcher(watcherDeps);
      watcher = poller;
      const targetPolicy = { allowLocalTargets: config.allowLocalTargets, allowRegistries, ...(config.resolver ? { resolver: config.resolver } : {}) };
      // Scans that admission and the registry proxy ask for: registry references only, under the API's target rules.
      const enqueueReference = async (reference: string) => {
        const configured = await registries.list();
        const target = await admitTarget(reference, { ...targetPolicy, allowLocalTargets: false, allowRegistries: [...targetPolicy.allowRegistries, ...configured.map((r) => r.host)] });
        const { created } = await queue.enqueue(target.target, target.dedupeKey, "manual");
        if (created) pool?.wake();
      };
      const ctx: ApiContext = {
        policies,
        verdicts,
        catalog, queue, tokens: sqlTokens(db), findings, db, fleet, layerCache, counters, uploadLimit: config.uploadLimit ?? DEFAULT_UPLOAD_LIMIT,
        policy: { allowLocalTargets: config.allowLocalTargets, allowRegistries: config.allowRegistries, ...(config.resolver ? { resolver: config.resolver } : {}) },
        registries,
        scanCredentials,
        notifications,
        watches,
        watcher: { poll: (w) => pollWatch(w, watcherDeps), wake: () => poller.wake(), now: () => (config.clock ?? Date.now)() },
        ...(config.hookSecrets ? { hookSecrets: config.hookSecrets } : {}),
        ...(config.harborPrefix === null ? {} : { harborPrefix: config.harborPrefix ?? DEFAULT_HARBOR_PREFIX }),
        ...(config.dbRefreshMs ? { dbRefreshMs: config.dbRefreshMs } : {}),
        ...(monitor ? { monitor } : {}),
        ...(config.uiDir ? { uiDir: config.uiDir } : {}),
        onEnqueued: () => pool?.wake(),
        ready,
      };
      app = buildApp(ctx, { ...(config.httpLogger ? { logger: config.httpLogger } : {}), ...(tls ? { https: tls } : {}) });
      await app.listen({ host: config.listen.host, port: config.listen.port });
      if (config.tls) stopTls = watchTls(app.server as unknown as HttpsServer, config.tls, config.logger);
      if (config.admission) {
        const admissionDeps: AdmissionDeps = {
          settings: config.admission.settings,
          check: (digest) => verdicts.checkManifest(digest),
          // --admission-tag-ttl 0: tags are not resolved (deploy by digest).
          ...(config.admission.tagTtlMs === 0
            ? {}
            : {
                resolveTag: tagResolver({
                  access: () => registries.access(),
                  allowRegistries: config.allowRegistries,
                  ...(config.resolver ? { resolver: config.resolver } : {}),
                  ...(config.admission.tagTtlMs !== undefined ? { ttlMs: config.admission.tagTtlMs } : {}),
                  clientOptions: registryClientOptions(config.scanOptions),
                  logger: config.logger,
                }).resolve,
              }),
          breakGlassNamespaces: () => verdicts.breakGlassNamespaces(),
          enqueue: enqueueReference,
          logger: config.logger,
        };
        const processes = config.admission.processes ?? 1;
        if (processes > 1) {
          const served = await startAdmissionProcesses(config.admission.listen, config.admission.tls, admissionDeps, processes);
          admission = served;
          // The workers remember verdicts too: whatever drops the server's drops theirs.
          const local = forgetVerdicts;
          forgetVerdicts = () => {
            local();
            served.forget();
          };
        } else admission = await startAdmissionListener(config.admission.listen, config.admission.tls, admissionDeps);
      }
      if (config.registryProxy) {
        const { unknown, ...settings } = config.registryProxy;
        registryProxy = await startRegistryProxy(settings, { checkManifest: (digest) => verdicts.checkManifest(digest), enqueue: enqueueReference, unknown, logger: config.logger });
      }
    }
    if (config.metricsListen) {
      metricsListener = await startMetricsListener({ queue, catalog, layerCache, counters, ...(findings ? { findings } : {}), ...(fleet ? { fleet } : {}) }, config.metricsListen, ready);
    }
  } catch (err) {
    stopTls?.();
    await registryProxy?.close();
    await admission?.close();
    await app?.close();
    await watcher?.stop();
    await pool?.stop(0);
    await warmer?.stop();
    await monitor?.stop();
    await fleet?.stop();
    await findings?.close();
    await notifications.stop();
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
    ...(registryProxy ? { registryProxyUrl: registryProxy.url } : {}),
    db,
    notifications,
    ...(app ? { app } : {}),
    close: () =>
      (closing ??= (async () => {
        clearInterval(pruning);
        clearInterval(refreshing);
        stopTls?.();
        await metricsListener?.close();
        await registryProxy?.close();
        await admission?.close();
        await app?.close();
        await watcher?.stop();
        await pool?.stop(config.drainMs);
        await warmer?.stop();
        await monitor?.stop();
        await fleet?.stop();
        await findings?.close();
        await notifications.stop();
        await db.close();
      })()),
  };
}
