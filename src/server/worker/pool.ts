/**
 * In-process workers: each takes the most urgent job, runs `inventoryTarget` with the catalog's shared
 * layer cache, stores the inventories and marks the scan done. Findings are not computed here: they come
 * from the stored inventory and the current database when asked (findings.ts). The lease is renewed while
 * a scan runs; a worker that dies stops renewing it, and another takes the job when it expires.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError, isDredgeError, errorMessage, type ErrorCode } from "../../errors.js";
import { parseReference } from "../../image/reference.js";
import { connectGuard, type ConfiguredAccess, type Resolver } from "../../image/registry/index.js";
import { inventoryFingerprint, inventoryTarget, resolveImageDigest, type ResolvedDigest, type ScanHooks, type ScanOptions } from "../../scan/index.js";
import type { Inventory } from "../../model/inventory.js";
import type { Logger } from "../../util/log.js";
import type { LayerCache } from "../../cache/layer-cache.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Locks } from "../catalog/locks.js";
import type { RegistryStore } from "../catalog/registries.js";
import type { ScanCredentialStore } from "../catalog/scan-credentials.js";
import type { ScanOutcome, ServerMetrics } from "../metrics.js";
import type { Queue } from "../queue/queue.js";
import type { ScanJob } from "../queue/types.js";
import type { ScanListener } from "../monitor/events.js";
import { scanEventOf } from "../notify/scan-events.js";
import type { Querier } from "../db/sql.js";
import { storeInventories } from "./store.js";

export interface WorkerDeps {
  queue: Queue;
  catalog: Catalog;
  layerCache: LayerCache;
  options: ScanOptions;
  logger: Logger;
  cacheDir: string;
  /** Each job gets a private dir below this one, removed after it. */
  tmpDir: string;
  leaseMs: number;
  pollMs: number;
  /** Registries the operator configured: their credentials, and they may be on private addresses. */
  registries?: RegistryStore;
  /** Credentials given with one scan (the Harbor adapter): used for that scan's registry, deleted when it ends. */
  scanCredentials?: ScanCredentialStore;
  /** `--allow-registry`: more registries that may be on private addresses. */
  allowRegistries?: readonly string[];
  /** How registry host names are resolved for the SSRF guard (tests inject one). Default: the system's. */
  resolver?: Resolver;
  /** With locks, registry scans resolve the manifest digest first and analyse each digest once at a time. */
  locks?: Locks;
  /** Counters; the histograms are observed when present (metrics.ts). */
  metrics: { started: number; failed: number; done: number; reused?: number } & Partial<Pick<ServerMetrics, "scanSeconds" | "queueWaitSeconds">>;
  /** After the inventories are stored and before the scan is marked done: index their findings (errors are logged). */
  afterStore?: (digests: readonly string[], target: string) => Promise<void>;
  /** Hears scan.completed / scan.failed inside the transaction that records the outcome (the notification outbox). */
  scanListener?: ScanListener;
  /** The injectable clock of scan events (epoch ms). */
  now?: () => number;
  /**
   * Works a job of the bulk lane (a full re-match batch, src/server/monitor/); only processes with a
   * vulnerability database have it, and the others never claim bulk jobs.
   */
  bulk?: (target: string) => Promise<void>;
  /** The pipeline job that produces the inventories (tests put their own here). Default: inventoryTarget. */
  inventory?: (target: string, options: ScanOptions, hooks: ScanHooks) => Promise<Inventory[]>;
}

export interface WorkerPool {
  /** A job was enqueued: idle workers look now rather than at their next poll. */
  wake(): void;
  /** Stop taking jobs; wait up to `graceMs` for running ones, then abort and release them to the queue. */
  stop(graceMs: number): Promise<void>;
}

/** Errors a retry cannot fix: the target or its bytes are wrong. */
const permanent: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "USAGE", "INVALID_REFERENCE", "IMAGE_NOT_FOUND", "ACCESS_DENIED", "AUTH_REQUIRED", "DIGEST_MISMATCH", "UNSUPPORTED_MEDIA_TYPE",
  "UNSUPPORTED_MANIFEST", "PLATFORM_NOT_FOUND", "INVALID_ARCHIVE", "INVALID_MANIFEST", "CORRUPT_LAYER", "UNSAFE_PATH", "LIMIT_EXCEEDED", "CONFLICT",
]);

const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal!.reason as Error));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export function startWorkers(count: number, deps: WorkerDeps): WorkerPool {
  let stopping = false;
  const sleepers = new Set<() => void>();
  const wake = () => {
    for (const s of sleepers) s();
    sleepers.clear();
  };
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (sleepers.delete(done), resolve()), deps.pollMs);
      const done = () => (clearTimeout(timer), resolve());
      sleepers.add(done);
    });
  const aborts = new Set<AbortController>();
  const loops = Array.from({ length: count }, (_, i) => runLoop(`${randomBytes(4).toString("hex")}-${i}`));

  async function runLoop(id: string): Promise<void> {
    while (!stopping) {
      let job: ScanJob | undefined;
      try {
        job = await deps.queue.claim(id, { bulk: deps.bulk !== undefined });
      } catch (err) {
        deps.logger.error("claiming a job failed", { worker: id, error: errorMessage(err) });
      }
      if (job) await runJob(id, job);
      else if (!stopping) await idle();
    }
  }

  /** The outcome's listener, called in the transaction that records it. */
  const heard = deps.scanListener
    ? (q: Querier, finished: ScanJob) => scanEventOf(q, finished, (deps.now ?? Date.now)()).then((event) => deps.scanListener!(q, event))
    : undefined;

  async function runBulk(worker: string, job: ScanJob): Promise<void> {
    const renew = setInterval(() => void deps.queue.renew(job.id, worker).catch(() => undefined), Math.max(10, deps.leaseMs / 3));
    try {
      await deps.bulk!(job.target);
      await deps.queue.complete(job.id, worker, "");
    } catch (err) {
      deps.logger.warn("bulk job failed", { job: job.id, target: job.target, error: errorMessage(err) });
      await deps.queue.fail(job.id, worker, errorMessage(err), true).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  async function runJob(worker: string, job: ScanJob): Promise<void> {
    if (job.lane === "bulk" && deps.bulk) return runBulk(worker, job);
    const abort = new AbortController();
    aborts.add(abort);
    // A lease that cannot be renewed was lost (it expired and another worker has the job): stop this scan.
    const held = new Set<string>();
    const keep = () => {
      for (const name of held) void deps.locks?.renew(name, worker, deps.leaseMs).catch(() => undefined);
      return deps.queue.renew(job.id, worker).then((ours) => ours || abort.abort(new Error("lease lost")), () => undefined);
    };
    const renew = setInterval(() => void keep(), Math.max(10, deps.leaseMs / 3));
    const tmpDir = join(deps.tmpDir, `${job.id}-${randomBytes(4).toString("hex")}`);
    deps.metrics.started++;
    const startedAt = performance.now();
    if (job.attempts === 1) deps.metrics.queueWaitSeconds?.observe({}, Math.max(0, (Date.now() - job.createdAt) / 1000));
    let outcome: ScanOutcome = "failed";
    deps.logger.info("scan started", { scan: job.id, target: job.target, attempt: job.attempts });
    try {
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const hooks: ScanHooks = { logger: deps.logger, signal: abort.signal, cacheDir: deps.cacheDir, tmpDir, layerCache: deps.layerCache, ...(await registryHooks(job.target)) };
      const resolved = deps.locks ? await resolveImageDigest(job.target, deps.options, hooks) : undefined;
      let digests: string[];
      if (resolved) digests = await scanDigestOnce(worker, job, resolved, hooks, held);
      else {
        const inventories = await (deps.inventory ?? inventoryTarget)(job.target, deps.options, hooks);
        const requested = job.target.startsWith("registry:") ? parseReference(job.target.slice("registry:".length)) : undefined;
        digests = await storeInventories(deps.catalog, inventories, requested);
      }
      if (!digests[0]) throw new Error("the target has no image digest");
      await deps.afterStore?.(digests, job.target).catch((err: unknown) => deps.logger.warn("indexing findings after a scan failed", { scan: job.id, error: errorMessage(err) }));
      await deps.queue.complete(job.id, worker, digests[0], heard);
      await forgetCredentials(job);
      deps.metrics.done++;
      outcome = "done";
      deps.logger.info("scan done", { scan: job.id, digest: digests[0] });
    } catch (err) {
      if (abort.signal.aborted) {
        await deps.queue.release(job.id, worker).catch(() => undefined);
        outcome = "released";
        deps.logger.warn("scan released", { scan: job.id });
      } else {
        deps.metrics.failed++;
        const retry = !(isDredgeError(err) && permanent.has(err.code));
        await deps.queue.fail(job.id, worker, errorMessage(err), retry, heard).catch(() => undefined);
        if ((await deps.queue.get(job.id).catch(() => undefined))?.state === "failed") await forgetCredentials(job);
        deps.logger.warn("scan failed", { scan: job.id, error: errorMessage(err), retry });
      }
    } finally {
      deps.metrics.scanSeconds?.observe({ outcome }, (performance.now() - startedAt) / 1000);
      clearInterval(renew);
      aborts.delete(abort);
      await rm(tmpDir, { recursive: true, force: true });
    }
  }

  async function forgetCredentials(job: ScanJob): Promise<void> {
    await deps.scanCredentials?.delete(job.target, job.startedAt ?? Date.now()).catch((err: unknown) => deps.logger.warn("deleting a scan's credentials failed", { scan: job.id, error: errorMessage(err) }));
  }

  /**
   * The SSRF guard (configured and --allow-registry hosts may be private) and the configured credentials;
   * credentials given with this scan come first for their host (which the guard then allows too).
   */
  async function registryHooks(target: string): Promise<Pick<ScanHooks, "registryGuard" | "registryAccess">> {
    const access = deps.registries ? await deps.registries.access() : new Map<string, ConfiguredAccess | DredgeError>();
    const own = await deps.scanCredentials?.access(target);
    if (own instanceof DredgeError) throw own;
    if (own) access.set(own.host, own.access);
    const allowed = [...(deps.allowRegistries ?? []), ...access.keys()];
    return {
      registryGuard: connectGuard({ allowed: () => allowed, ...(deps.resolver ? { resolver: deps.resolver } : {}) }),
      registryAccess: (registry) => {
        const a = access.get(registry);
        if (a instanceof DredgeError) throw a;
        return a;
      },
    };
  }

  /**
   * One analysis per image digest at a time, in every process: the worker holds the digest's lock while it
   * analyses; a worker asked for the same digest (another tag, or the digest itself) waits for the lock and
   * then finds the stored inventory, which it reuses (recording its reference) instead of analysing again.
   */
  async function scanDigestOnce(worker: string, job: ScanJob, resolved: ResolvedDigest, hooks: ScanHooks, held: Set<string>): Promise<string[]> {
    const locks = deps.locks!;
    const key = inventoryFingerprint(resolved.digest, deps.options);
    const lock = `inventory:${key}`;
    while (!(await locks.tryAcquire(lock, worker, deps.leaseMs))) await pause(deps.pollMs, hooks.signal);
    held.add(lock);
    try {
      const ref = resolved.reference;
      const stored = await deps.catalog.getResolution(key);
      if (stored) {
        const fields = { reference: ref.normalized, registry: ref.registry, repo: ref.repository, tag: ref.tag ?? null };
        for (const digest of stored) await deps.catalog.retag(digest, fields);
        await deps.catalog.putResolution(key, resolved.digest, stored);
        deps.metrics.reused = (deps.metrics.reused ?? 0) + 1;
        deps.logger.info("scan reused a stored inventory", { scan: job.id, digest: resolved.digest });
        return stored;
      }
      const inventories = await (deps.inventory ?? inventoryTarget)(resolved.pinned, deps.options, hooks);
      const digests = await storeInventories(deps.catalog, inventories, ref);
      if (digests.length > 0) await deps.catalog.putResolution(key, resolved.digest, digests);
      return digests;
    } finally {
      held.delete(lock);
      await locks.release(lock, worker).catch(() => undefined);
    }
  }

  return {
    wake,
    async stop(graceMs) {
      stopping = true;
      wake();
      let timer: NodeJS.Timeout | undefined;
      const all = Promise.all(loops);
      const late = await Promise.race([all.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
      clearTimeout(timer);
      if (late) {
        for (const a of aborts) a.abort(new Error("server stopping"));
        await all;
      }
    },
  };
}
