/**
 * The package index of the fleet queries (`GET /packages?purl=…`): one row per package of an image's
 * inventory — purl type, namespace and name as the purl says them (so a query purl parsed the same way finds
 * them through the (type, namespace, name) index), the full version, the layer that brought it. Written in the
 * transaction that stores the inventory (`indexInventory`, called by `Catalog.putImage`), so every way an
 * inventory enters the catalog fills it.
 */
import { PackageURL } from "packageurl-js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { fullVersion } from "../../model/version.js";
import type { Querier } from "../db/sql.js";

export interface PackageKey {
  type: string;
  /** '' for purls without a namespace. */
  namespace: string;
  name: string;
}

/** A purl's type, namespace and name, normalised by packageurl-js; undefined when it does not parse. */
export function purlKey(purl: string): PackageKey | undefined {
  try {
    const p = PackageURL.fromString(purl);
    return { type: p.type, namespace: p.namespace ?? "", name: p.name };
  } catch {
    return undefined;
  }
}

const keyOf = (p: Package): PackageKey => purlKey(p.purl) ?? { type: p.type, namespace: "", name: p.name };

/** Rows per INSERT (9 parameters each: well under SQLite's and PostgreSQL's limits). */
const CHUNK = 200;

/** Replaces the image's package rows by its inventory's, and drops its findings (they are computed again). */
export async function indexInventory(q: Querier, digest: string, inventory: Inventory): Promise<void> {
  await q.run("DELETE FROM image_packages WHERE digest = ?", [digest]);
  await q.run("DELETE FROM image_findings WHERE digest = ?", [digest]);
  await q.run("DELETE FROM image_summaries WHERE digest = ?", [digest]);
  const rows = inventory.packages.map((p, ord) => {
    const k = keyOf(p);
    return [digest, ord, k.type, k.namespace, k.name, fullVersion(p), p.purl, p.layer?.index ?? null, p.layer?.diffId ?? null];
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await q.run(
      `INSERT INTO image_packages (digest, ord, type, namespace, name, version, purl, layer_index, layer_diff_id) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      chunk.flat(),
    );
  }
  await q.run("UPDATE images SET packages_indexed = 1 WHERE digest = ?", [digest]);
}
