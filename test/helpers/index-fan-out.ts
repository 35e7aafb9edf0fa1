/**
 * Hostile image indexes for tests (issue #22 item 6): `levels` levels of `width` indexes each, every index of
 * a level listing all `width` indexes of the next level, so the documents stay few and small (width × levels)
 * while a walk that does not remember digests visits width^levels of them.
 */
import { createHash } from "node:crypto";

export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

export interface Doc {
  digest: string;
  bytes: Buffer;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string };
  annotations?: Record<string, string>;
}

export const docOf = (value: unknown): Doc => {
  const bytes = Buffer.from(JSON.stringify(value));
  return { digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`, bytes };
};

export const descriptorOf = (mediaType: string, d: Doc, extra: Partial<Descriptor> = {}): Descriptor => ({ mediaType, digest: d.digest, size: d.bytes.length, ...extra });

/** An image index listing `manifests`; `salt` makes indexes with the same children distinct documents. */
export const indexDoc = (manifests: readonly Descriptor[], salt: string): Doc =>
  docOf({ schemaVersion: 2, mediaType: OCI_INDEX, manifests, annotations: { "test.salt": salt } });

/**
 * The fan-out: returns the `width` top-level index descriptors and every document (indexes only; the
 * leaves are `leaf`, listed by each index of the last level).
 */
export function fanOut(width: number, levels: number, leaf: readonly Descriptor[]): { top: Descriptor[]; docs: Doc[] } {
  const docs: Doc[] = [];
  let children: Descriptor[] = [...leaf];
  for (let level = levels; level >= 1; level--) {
    const made = Array.from({ length: width }, (_, k) => indexDoc(children, `${level}.${k}`));
    docs.push(...made);
    children = made.map((d) => descriptorOf(OCI_INDEX, d));
  }
  return { top: children, docs };
}
