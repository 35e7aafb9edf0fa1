/**
 * The layer-analysis cache shared through the catalog: every worker of every process reads and writes the
 * same entries, so a layer analysed once is never analysed again. Same keys and entries as the file cache
 * (src/cache/layer-cache.ts: diffID + analyzer ids and versions + walker version), and the same trust
 * rule: the pipeline stores only analyses of layers it verified, and a hit still needs a verified blob
 * digest listed in the entry. A corrupt entry is a miss.
 */
import { decodeCachedLayer, encodeCachedLayer, type LayerCache } from "../../cache/layer-cache.js";
import { one, type SqlDatabase } from "../db/sql.js";

export interface CountingLayerCache extends LayerCache {
  stats: { hits: number; misses: number };
}

export function catalogLayerCache(db: SqlDatabase): CountingLayerCache {
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    async get(key) {
      const row = await one<{ entry: Buffer }>(db, "SELECT entry FROM layers WHERE key = ?", [key]);
      const value = row ? decodeCachedLayer(row.entry) : undefined;
      if (value) stats.hits++;
      else stats.misses++;
      return value;
    },
    async put(key, value) {
      await db.run(
        `INSERT INTO layers (key, diff_id, entry, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET entry = excluded.entry, created_at = excluded.created_at`,
        [key, value.analysis.diffId, encodeCachedLayer(value), Date.now()],
      );
    },
  };
}
