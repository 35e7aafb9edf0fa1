/**
 * Filling a catalog for the server benches without scanning or indexing each image: the rows of one stored,
 * indexed image (its image row, inventory, package index, findings, summary, stored answer, match and precomputed Harbor parts) copied
 * under other digests, in bulk, 1,000 per statement — the state after the indexer has indexed every image.
 */
import type { SqlDatabase } from "../src/server/db/sql.js";

/** The table rows of one image, keyed by digest, with the columns copied. */
const COPIED: readonly [table: string, columns: string][] = [
  ["image_findings", "db_version, db_built, match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev"],
  ["image_summaries", "db_version, db_built, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at"],
  ["image_packages", "ord, type, namespace, name, version, purl, layer_index, layer_diff_id"],
  ["image_answers", "db_version, db_built, inventory_at, answer, answer_z"],
  ["image_matches", "db_version, db_built, inventory_at, core, listing"],
  ["image_reports", "kind, version, inventory_at, body, created_at"],
];

const BATCH = 1000;

/** `SELECT value AS d …` over a JSON array of text given as the one parameter. */
export const jsonList = (db: SqlDatabase): string =>
  db.dialect === "postgres" ? "SELECT value AS d FROM json_array_elements_text(?::json)" : "SELECT value AS d FROM json_each(?)";

/**
 * Copies the image `real` (its image row and inventory, and its index rows where it has them) under each of
 * `digests`, in transactions of 1,000 images.
 */
export async function copyImage(db: SqlDatabase, real: string, digests: readonly string[]): Promise<void> {
  const list = jsonList(db);
  for (let i = 0; i < digests.length; i += BATCH) {
    const batch = JSON.stringify(digests.slice(i, i + BATCH));
    await db.tx(async (q) => {
      await q.run(
        `INSERT INTO images (digest, reference, registry, repo, tag, distro, verified, first_seen, last_seen)
         SELECT l.d, i.reference, i.registry, i.repo, i.tag, i.distro, i.verified, i.first_seen, i.last_seen FROM (${list}) l, images i WHERE i.digest = ?`,
        [batch, real],
      );
      await q.run(`INSERT INTO inventories (digest, inventory, created_at) SELECT l.d, v.inventory, v.created_at FROM (${list}) l, inventories v WHERE v.digest = ?`, [batch, real]);
      for (const [table, cols] of COPIED) {
        const from = cols.split(", ").map((c) => `x.${c}`).join(", ");
        await q.run(`INSERT INTO ${table} (digest, ${cols}) SELECT l.d, ${from} FROM (${list}) l, ${table} x WHERE x.digest = ?`, [batch, real]);
      }
      await q.run(`UPDATE images SET packages_indexed = (SELECT packages_indexed FROM images WHERE digest = ?) WHERE digest IN (${list})`, [real, batch]);
    });
  }
}
