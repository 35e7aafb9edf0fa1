/**
 * The manifest digest a registry reference names now (a tag resolved with one HEAD, a digest as written), and
 * a fingerprint of what an inventory of it depends on besides the image bytes (walker, analyzers and their
 * versions, platform, skipped paths, Dredge's version): together they say whether a stored inventory can stand
 * for a new scan of the same image (the server scans each digest once at a time and reuses the result).
 */
import { analyzersFor } from "../analyzer/registry.js";
import { layerCacheKey } from "../cache/layer-cache.js";
import { parseReference, type ImageReference } from "../image/reference.js";
import { version } from "../version.js";
import type { ScanHooks } from "./hooks.js";
import { imageTargetOptions, type ImageReadOptions } from "./load.js";
import type { ScanOptions } from "./options.js";

export interface ResolvedDigest {
  reference: ImageReference;
  /** The manifest (or index) digest. */
  digest: string;
  /** `registry:host/repo@digest`: the target that scans exactly what was resolved. */
  pinned: string;
}

/** For `registry:REF` targets (and bare references): the digest; undefined for anything else. */
export async function resolveImageDigest(target: string, options: Partial<ImageReadOptions>, hooks: ScanHooks): Promise<ResolvedDigest | undefined> {
  const m = /^(?:registry:|docker:\/\/)(.+)$/.exec(target);
  if (!m) return undefined;
  const reference = parseReference(m[1]!);
  let digest = reference.digest;
  if (!digest) {
    const { RegistryClient, isDigest } = await import("../image/registry/client.js");
    const client = new RegistryClient({ ...imageTargetOptions(options, hooks), registry: reference.registry });
    try {
      const tag = reference.tag ?? "latest";
      const signal = hooks.signal ? { signal: hooks.signal } : {};
      const head = await client.manifestDigest(reference.repository, tag, signal);
      digest = head && isDigest(head) ? head : (await client.getManifest(reference.repository, tag, signal)).digest;
    } finally {
      await client.close();
    }
  }
  return { reference, digest, pinned: `registry:${reference.registry}/${reference.repository}@${digest}` };
}

/** What an image inventory depends on besides the image: same fingerprint and digest, same inventory. */
export function inventoryFingerprint(digest: string, options: Pick<ScanOptions, "platform" | "skipDirs" | "skipFiles">): string {
  return layerCacheKey(digest, analyzersFor("image"), JSON.stringify(["inventory", version(), options.platform ?? null, options.skipDirs, options.skipFiles]));
}
