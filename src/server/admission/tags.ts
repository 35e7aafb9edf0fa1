/**
 * Tag → digest resolution for admission: one `HEAD` of the manifest at the image's registry, with the
 * credentials the operator configured for that registry (the server's /registries catalog, else the scan
 * settings its workers use) and under the
 * server's SSRF guard (a pod spec may name any host; private addresses need --allow-registry or a configured
 * registry). Answers are cached by reference for a TTL (bounded, least recently used out first); failures for
 * a short while, so a registry that is down does not hold every review for its timeout. Concurrent misses for
 * the same reference share one request.
 */
import { DredgeError, errorMessage } from "../../errors.js";
import type { ImageReference } from "../../image/reference.js";
import { connectGuard, RegistryClient, type ConfiguredAccess, type Resolver } from "../../image/registry/index.js";
import type { Logger } from "../../util/log.js";

export interface TagResolverOptions {
  /** Opened credentials and options per configured registry host (RegistryStore.access). */
  access(): Promise<Map<string, ConfiguredAccess | DredgeError>>;
  /** Hosts on private addresses that may be contacted (--allow-registry). */
  allowRegistries: readonly string[];
  resolver?: Resolver;
  /** How long a resolved tag is trusted (default 60 s). */
  ttlMs?: number;
  /** How long a failure is remembered (default 10 s). */
  failureTtlMs?: number;
  /** Entries kept (default 10,000). */
  maxEntries?: number;
  /** Time allowed for the registry to answer (default 2 s: the webhook's own timeout is 5 s). */
  timeoutMs?: number;
  /** The server's registry settings for scans (--username/--password, --insecure): the same as its workers'. */
  clientOptions?: { username?: string; password?: string; insecure?: boolean };
  logger: Logger;
  now?: () => number;
}

export type TagResolution = { digest: string; cached: boolean } | { error: string; cached: boolean };

export interface TagResolver {
  resolve(ref: ImageReference): Promise<TagResolution>;
  /** Entries held now (for tests and metrics). */
  size(): number;
}

export const DEFAULT_TAG_TTL_MS = 60_000;

type Entry = { value: { digest: string } | { error: string }; until: number };

export function tagResolver(o: TagResolverOptions): TagResolver {
  const ttl = o.ttlMs ?? DEFAULT_TAG_TTL_MS;
  const failureTtl = Math.min(o.failureTtlMs ?? 10_000, ttl);
  const max = o.maxEntries ?? 10_000;
  const now = o.now ?? Date.now;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<Entry["value"]>>();

  const remember = (key: string, value: Entry["value"]) => {
    cache.delete(key);
    cache.set(key, { value, until: now() + ("digest" in value ? ttl : failureTtl) });
    while (cache.size > max) cache.delete(cache.keys().next().value!);
  };

  async function lookup(ref: ImageReference): Promise<Entry["value"]> {
    let access: Map<string, ConfiguredAccess | DredgeError>;
    try {
      access = await o.access();
    } catch (err) {
      return { error: errorMessage(err) };
    }
    const allowed = [...o.allowRegistries, ...access.keys()];
    const client = new RegistryClient({
      registry: ref.registry,
      logger: o.logger,
      timeoutMs: o.timeoutMs ?? 2000,
      retries: 0,
      guard: connectGuard({ allowed: () => allowed, ...(o.resolver ? { resolver: o.resolver } : {}) }),
      access: (registry) => {
        const a = access.get(registry);
        if (a instanceof DredgeError) throw a;
        return a;
      },
      ...o.clientOptions,
    });
    try {
      const digest = await client.manifestDigest(ref.repository, ref.tag ?? "latest");
      if (!digest) return { error: "the registry named no digest (Docker-Content-Digest)" };
      return { digest };
    } catch (err) {
      return { error: errorMessage(err) };
    } finally {
      await client.close();
    }
  }

  return {
    size: () => cache.size,
    async resolve(ref) {
      const key = `${ref.registry}/${ref.repository}:${ref.tag ?? "latest"}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) {
        cache.delete(key);
        cache.set(key, hit);
        return { ...hit.value, cached: true };
      }
      let pending = inFlight.get(key);
      if (!pending) {
        pending = lookup(ref).then((value) => {
          remember(key, value);
          if ("error" in value) o.logger.warn("admission: a tag could not be resolved", { reference: key, error: value.error });
          return value;
        });
        pending.finally(() => inFlight.delete(key)).catch(() => undefined);
        inFlight.set(key, pending);
      }
      return { ...(await pending), cached: false };
    },
  };
}
