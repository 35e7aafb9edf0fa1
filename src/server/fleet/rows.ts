/**
 * Where an image's rows of a database version live. An image that a database update did not affect keeps the
 * rows it was indexed with: its summary row of the new version names the version that holds its findings rows
 * (`rows_version`) and its stored answer and match (`stored_version`), NULL meaning the summary's own version
 * (src/server/monitor/carry.ts). Readers resolve through the summary; an image with no summary of the version
 * (not indexed yet, or an answer stored by a read) is looked up under the version itself. Lookups by
 * identifier go version by version (`rowVersions`): the findings index leads with the version.
 */

import type { Querier } from "../db/sql.js";

/**
 * The versions holding findings rows of the images indexed for `version`: itself, and those its summaries
 * point at (a handful: one per database update an image went unaffected through, until pruned).
 */
export async function rowVersions(q: Querier, version: string): Promise<string[]> {
  const rows = await q.all<{ v: string }>("SELECT DISTINCT rows_version AS v FROM image_summaries WHERE db_version = ? AND rows_version IS NOT NULL", [version]);
  return [version, ...rows.map((r) => r.v).filter((v) => v !== version)];
}

/** SQL: the version holding the findings rows of summary row `s`. */
export const rowsOf = (s: string): string => `COALESCE(${s}.rows_version, ${s}.db_version)`;

/** SQL: the version holding the stored answer and match of summary row `s`. */
export const storedOf = (s: string): string => `COALESCE(${s}.stored_version, ${s}.db_version)`;

/** SQL scalar: the version holding the findings rows of the image and version given as parameters `[digest, version, version]`. */
export const ROWS_VERSION = "COALESCE((SELECT COALESCE(s.rows_version, s.db_version) FROM image_summaries s WHERE s.digest = ? AND s.db_version = ?), ?)";

/** SQL scalar: the version holding the stored answer and match of the image and version given as parameters `[digest, version, version]`. */
export const STORED_VERSION = "COALESCE((SELECT COALESCE(s.stored_version, s.db_version) FROM image_summaries s WHERE s.digest = ? AND s.db_version = ?), ?)";
