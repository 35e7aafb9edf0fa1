/**
 * `--sbom-source referrers`: for a registry image, an SBOM attached to it as an OCI referrer (CycloneDX
 * preferred, then SPDX; the newest by its `org.opencontainers.image.created`) is read instead of the layers.
 * The artifact manifest is fetched by the digest the referrers list names and checked against it, its `subject`
 * must be the image's manifest, and the SBOM blob is checked against its digest. The inventory is marked
 * unverified (its packages were not read from the image's bytes) and its report says where it came from.
 * No SBOM attached: the layers are analysed as usual, with a warning.
 */
import { inventorySbomDocument } from "./inventory-target.js";
import { DEFAULT_MAX_BYTES } from "../sbom-input/index.js";
import { listReferrers, readReferrer, RegistryClient } from "../image/registry/index.js";
import type { Descriptor } from "../image/manifest.js";
import type { Inventory } from "../model/inventory.js";
import type { ImageReference } from "../image/reference.js";
import type { ScanHooks } from "./hooks.js";
import { imageTargetOptions, type ImageReadOptions } from "./load.js";
import { Annotations, sbomDiscoveryTypes } from "./referrer-types.js";

export interface ReferrerSbom {
  inventory?: Inventory;
  /** Why none was used (the caller analyses the layers and warns). */
  warning?: string;
}

const created = (d: Descriptor): string => d.annotations?.[Annotations.created] ?? "";

/** The newest attached SBOM of `ref`'s image, read into an inventory; undefined inventory when there is none. */
export async function sbomFromReferrers(ref: ImageReference, options: Partial<ImageReadOptions>, hooks: ScanHooks): Promise<ReferrerSbom> {
  const client = new RegistryClient({ ...imageTargetOptions(options, hooks), registry: ref.registry });
  const signal = hooks.signal ? { signal: hooks.signal } : {};
  const name = `${ref.registry}/${ref.repository}`;
  try {
    const image = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? "latest", signal);
    for (const type of sbomDiscoveryTypes) {
      const { referrers, via } = await listReferrers(client, ref.repository, image.digest, type, signal);
      const newest = [...referrers].sort((a, b) => created(b).localeCompare(created(a)))[0];
      if (!newest) continue;
      const { layer } = await readReferrer(client, ref.repository, newest.digest, image.digest, signal);
      const bytes = await client.getBlob(ref.repository, layer.digest, DEFAULT_MAX_BYTES, signal); // verified
      const inv = await inventorySbomDocument(bytes, `SBOM ${newest.digest} attached to ${name}@${image.digest}`, hooks);
      const when = created(newest) ? `, created ${created(newest)}` : "";
      const note = `packages read from the SBOM attached to the image (OCI referrer ${newest.digest}, ${type}${when}, found through the ${via === "api" ? "referrers API" : "referrers tag schema"}), not from its layers`;
      const target = { ...inv.target, name: ref.tag ? `${name}:${ref.tag}` : `${name}@${image.digest}`, manifestDigest: image.digest, repoDigests: [`${name}@${image.digest}`], unverified: true as const };
      return { inventory: { ...inv, target, warnings: [note, ...inv.warnings] } };
    }
    return { warning: `no SBOM is attached to ${name}@${image.digest} (--sbom-source referrers): its layers were analysed` };
  } finally {
    await client.close();
  }
}
