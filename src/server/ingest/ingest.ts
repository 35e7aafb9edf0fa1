/**
 * Unverified entries: an uploaded SBOM (`POST /sboms`) or a client's inventory (`POST /inventories`).
 * Nothing in them was checked against image bytes, so they are marked unverified (`images.verified = 0`,
 * `target.unverified`), never touch the layer cache, and never replace a verified entry.
 *
 * Key: the image digest the document claims (manifest digest, else config digest, as scans file images),
 * so that admission and fleet queries find the image by its digest and see it unverified; a verified scan
 * of that digest later replaces it. A document that claims no digest (a directory, an SBOM without one) is
 * filed under the sha256 of the uploaded bytes (of the inventory's JSON for `POST /inventories`).
 */
import { createHash } from "node:crypto";
import type { Inventory } from "../../model/inventory.js";
import { inventorySbomDocument } from "../../scan/index.js";
import type { Logger } from "../../util/log.js";
import type { Catalog } from "../catalog/catalog.js";
import { imageDigest, imageRecord, verifiedEntryExists } from "../worker/store.js";

/** What the API accepts as an image digest in its paths. */
const servable = /^[a-z0-9]+:[a-f0-9]{32,128}$/;

export interface Ingested {
  /** The key of the entry (see above). */
  digest: string;
  /** False when a verified entry holds the digest (client mode: the inventory is matched, not stored). */
  stored: boolean;
  inventory: Inventory;
}

const markUnverified = (inv: Inventory): Inventory => ({ ...inv, target: { ...inv.target, unverified: true } });

export function entryKey(inv: Inventory, document: Buffer | string): string {
  const claimed = imageDigest(inv);
  if (claimed && servable.test(claimed)) return claimed;
  return `sha256:${createHash("sha256").update(document).digest("hex")}`;
}

async function store(catalog: Catalog, inv: Inventory, digest: string): Promise<boolean> {
  const { verified: _v, ...record } = imageRecord(inv, digest);
  return catalog.putUnverifiedImage(record, inv);
}

/** An SBOM document (CycloneDX or SPDX JSON…) → an unverified entry; CONFLICT when a verified one holds its digest. */
export async function ingestSbom(catalog: Catalog, document: Buffer, logger: Logger): Promise<Ingested> {
  const inventory = markUnverified(await inventorySbomDocument(document, "the uploaded SBOM", { logger }));
  const digest = entryKey(inventory, document);
  if (!(await store(catalog, inventory, digest))) throw verifiedEntryExists(digest);
  return { digest, stored: true, inventory };
}

/** A client's inventory (already validated) → an unverified entry, unless a verified one holds its digest. */
export async function ingestInventory(catalog: Catalog, uploaded: Inventory): Promise<Ingested> {
  const inventory = markUnverified(uploaded);
  const digest = entryKey(inventory, JSON.stringify(uploaded));
  return { digest, stored: await store(catalog, inventory, digest), inventory };
}
