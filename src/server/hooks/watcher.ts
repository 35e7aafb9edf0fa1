/**
 * Polls watched repositories (for registries that cannot send webhooks): every due watch's tags are listed
 * (bounded pages), those matching its glob read in order up to `maxTags`, each tag's digest read with one
 * `HEAD` of its manifest, and each digest that is new to the watch (a new tag, or a tag that moved) is queued
 * once on the `scheduled` lane as `registry/repository@digest` — tags sharing a digest queue it once, and the
 * queue merges it with an active scan of the same target. A watch is claimed with a conditional update of its
 * next poll time, so processes sharing a catalog poll it once. The clock is injectable (tests).
 */
import { DredgeError, errorMessage } from "../../errors.js";
import { connectGuard, RegistryClient, type ConfiguredAccess, type Resolver } from "../../image/registry/index.js";
import type { Logger } from "../../util/log.js";
import type { RegistryStore } from "../catalog/registries.js";
import type { WatchRecord, WatchStore } from "../catalog/watches.js";
import type { Queue } from "../queue/queue.js";
import { admitTarget } from "../targets.js";

export interface WatcherDeps {
  store: WatchStore;
  queue: Queue;
  registries: RegistryStore;
  logger: Logger;
  /** `--allow-registry` hosts (configured registries are allowed too). */
  allowRegistries: readonly string[];
  resolver?: Resolver;
  /** Milliseconds since the epoch (default Date.now). */
  clock?: () => number;
  /** How often due watches are looked for (default 5 s). */
  tickMs?: number;
  onEnqueued(): void;
}

export interface PollResult {
  /** Tags read, with their digests. */
  tags: number;
  /** Scans queued (`registry/repository@digest`). */
  queued: string[];
  /** Tags matching the glob beyond `maxTags`, not read this time. */
  skipped: number;
}

/** A tag glob as a regular expression: `*` any characters, `?` one, the rest literal. */
export function tagMatcher(glob: string): (tag: string) => boolean {
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
  return (tag) => re.test(tag);
}

async function clientFor(w: WatchRecord, deps: WatcherDeps): Promise<RegistryClient> {
  const access = await deps.registries.access();
  const allowed = [...deps.allowRegistries, ...access.keys()];
  return new RegistryClient({
    registry: w.registry,
    logger: deps.logger,
    timeoutMs: 30_000,
    guard: connectGuard({ allowed: () => allowed, ...(deps.resolver ? { resolver: deps.resolver } : {}) }),
    access: (registry): ConfiguredAccess | undefined => {
      const a = access.get(registry);
      if (a instanceof DredgeError) throw a;
      return a;
    },
  });
}

/** One poll of one watch. */
export async function pollWatch(w: WatchRecord, deps: WatcherDeps): Promise<PollResult> {
  const now = (deps.clock ?? Date.now)();
  const client = await clientFor(w, deps);
  const read = new Map<string, string>();
  try {
    const matches = tagMatcher(w.tags);
    const tags = (await client.listTags(w.repository, { maxPages: 10 })).filter(matches);
    const seen = await deps.store.seen(w.id);
    const known = new Set(seen.values());
    const queued: string[] = [];
    for (const tag of tags.slice(0, w.maxTags)) {
      const head = await client.manifestDigest(w.repository, tag);
      const digest = head?.startsWith("sha256:") ? head : (await client.getManifest(w.repository, tag)).digest;
      read.set(tag, digest);
      if (seen.get(tag) === digest || known.has(digest)) continue;
      known.add(digest);
      const configured = [...(await deps.registries.hosts())];
      const target = await admitTarget(`${w.registry}/${w.repository}@${digest}`, {
        allowLocalTargets: false, allowRegistries: [...deps.allowRegistries, ...configured], ...(deps.resolver ? { resolver: deps.resolver } : {}),
      });
      const { created } = await deps.queue.enqueue(target.target, target.dedupeKey, "scheduled", { overCap: true });
      if (created) deps.onEnqueued();
      queued.push(`${w.registry}/${w.repository}@${digest}`);
    }
    const skipped = Math.max(0, tags.length - w.maxTags);
    await deps.store.record(w.id, read, now, skipped > 0 ? `${tags.length} tags match; the first ${w.maxTags} were read (maxTags)` : null);
    return { tags: read.size, queued, skipped };
  } catch (err) {
    await deps.store.record(w.id, read, now, errorMessage(err));
    throw err;
  } finally {
    await client.close();
  }
}

export interface Watcher {
  /** Poll every due watch now; returns how many were polled. */
  pollDue(): Promise<number>;
  /** Look for due watches soon (a watch was created). */
  wake(): void;
  stop(): Promise<void>;
}

export function startWatcher(deps: WatcherDeps): Watcher {
  const clock = deps.clock ?? Date.now;
  let running: Promise<number> | undefined;
  const pollDue = (): Promise<number> =>
    (running ??= (async () => {
      let n = 0;
      try {
        for (const w of await deps.store.due(clock(), 20)) {
          if (!(await deps.store.claim(w, clock()))) continue;
          n++;
          await pollWatch(w, deps).then(
            (r) => r.queued.length && deps.logger.info("watch polled", { watch: w.id, tags: r.tags, queued: r.queued.length }),
            (err: unknown) => deps.logger.warn("watch poll failed", { watch: w.id, error: errorMessage(err) }),
          );
        }
      } finally {
        running = undefined;
      }
      return n;
    })());
  const timer = setInterval(() => void pollDue().catch(() => undefined), deps.tickMs ?? 5_000);
  timer.unref();
  return {
    pollDue,
    wake: () => void setImmediate(() => void pollDue().catch(() => undefined)),
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
