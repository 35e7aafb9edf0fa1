/**
 * The optional look-up behind the base-image advice: newer tags of the base image's track in its registry.
 * Never required: skipped with --offline or for a base image not in a registry, and any failure (no
 * network, no such repository, denied) only says that no look-up was made.
 */
import { errorMessage } from "../errors.js";
import { detectTarget } from "../image/target.js";
import { parseReference } from "../image/reference.js";
import { RegistryClient } from "../image/registry/index.js";
import type { ScanHooks } from "./hooks.js";
import type { ScanOptions } from "./options.js";
import { newerOnTrack } from "./tag-track.js";

/** What the registry said: the newer tags of the track (newest first), or why it was not asked. */
export type TagLookup = { registry: string; newerTags: string[] } | { skipped: string };

/** The look-up gives up quickly: it is advice, the scan is done. */
const LOOKUP_TIMEOUT_MS = 15_000;

export async function lookupNewerTags(
  image: string,
  tag: string,
  options: Pick<ScanOptions, "offline" | "insecure" | "timeout">,
  hooks: ScanHooks,
): Promise<TagLookup> {
  if (options.offline) return { skipped: "--offline" };
  const repo = await registryRepository(image);
  if (!repo) return { skipped: "the base image is not in a registry" };
  const client = new RegistryClient({
    registry: repo.registry, insecure: options.insecure, timeoutMs: Math.min(options.timeout, LOOKUP_TIMEOUT_MS), retries: 1,
    dockerConfigDir: hooks.dockerConfigDir, logger: hooks.logger, signal: hooks.signal,
    ...(hooks.registryGuard ? { guard: hooks.registryGuard } : {}), ...(hooks.registryAccess ? { access: hooks.registryAccess } : {}),
  });
  try {
    const tags = await client.listTags(repo.repository, { signal: hooks.signal });
    return { registry: repo.registry, newerTags: newerOnTrack(tag, tags) };
  } catch (err) {
    if (hooks.signal?.aborted) throw err;
    hooks.logger.debug("base image tag look-up failed", { image, error: errorMessage(err) });
    return { skipped: `its registry did not list the tags (${errorMessage(err)})` };
  } finally {
    await client.close();
  }
}

/** The registry and repository of a base image name, when it names a registry image. */
async function registryRepository(image: string): Promise<{ registry: string; repository: string } | undefined> {
  try {
    const spec = await detectTarget(image);
    if (spec.kind !== "registry") return undefined;
    const ref = parseReference(spec.reference ?? image);
    return { registry: ref.registry, repository: ref.repository };
  } catch {
    return undefined;
  }
}
