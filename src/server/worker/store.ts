/** What a finished scan leaves in the catalog: one image entry and inventory per image of the target. */
import { DredgeError } from "../../errors.js";
import type { Inventory } from "../../model/inventory.js";
import { parseReference, type ImageReference } from "../../image/reference.js";
import type { Catalog, NewImage } from "../catalog/catalog.js";

/** The digest the catalog files an image under: its manifest digest, else its config digest (image id). */
export const imageDigest = (inv: Inventory): string | undefined => inv.target.manifestDigest ?? inv.target.imageId;

function referenceOf(inv: Inventory, requested?: ImageReference): ImageReference | undefined {
  if (requested) return requested;
  for (const tag of inv.target.repoTags) {
    try {
      return parseReference(tag);
    } catch {
      // a tag the grammar refuses names nothing we can file
    }
  }
  return undefined;
}

/** The catalog row of an inventory filed under `digest`. */
export function imageRecord(inv: Inventory, digest: string, requested?: ImageReference): NewImage {
  const ref = referenceOf(inv, requested);
  const os = inv.os;
  return {
    digest,
    reference: ref?.normalized ?? inv.target.name,
    registry: ref?.registry ?? null,
    repo: ref?.repository ?? null,
    tag: ref?.tag ?? null,
    distro: os ? `${os.family} ${os.name}` : null,
    verified: inv.target.unverified !== true,
  };
}

export const verifiedEntryExists = (digest: string): DredgeError =>
  new DredgeError("CONFLICT", `the catalog holds a verified scan of ${digest}; an unverified inventory does not replace it`, {
    hint: "scan the image itself (POST /images) to refresh it",
  });

/**
 * Stores each inventory; returns the digests, in order. An unverified one (an SBOM file given as a target)
 * never replaces a verified entry: CONFLICT.
 */
export async function storeInventories(catalog: Catalog, inventories: readonly Inventory[], requested?: ImageReference): Promise<string[]> {
  const digests: string[] = [];
  for (const inv of inventories) {
    const digest = imageDigest(inv);
    if (!digest) continue;
    const record = imageRecord(inv, digest, requested);
    if (record.verified) await catalog.putImage(record, inv);
    else if (!(await catalog.putUnverifiedImage(record, inv))) throw verifiedEntryExists(digest);
    digests.push(digest);
  }
  return digests;
}
