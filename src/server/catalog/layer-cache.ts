/**
 * The layer-analysis cache shared through the catalog: every worker of every process reads and writes the
 * same entries, so a layer analysed once is never analysed again. Same keys and entries as the file cache
 * (src/cache/layer-cache.ts: diffID + analyzer ids and versions + walker version), and the same trust
 * rule: the pipeline stores only analyses of layers it verified, and a hit still needs a verified blob
 * digest listed in the entry. A corrupt entry is a miss.
 *
 * Each entry records when it was last used (`used_at`: written, or read as a hit), so retention prunes analyses
 * no scan has needed for a while rather than old ones still in use. To keep hits cheap the time moves at most
 * once per `USE_GRANULARITY_MS` per entry: a hit on an entry used within the hour writes nothing.
 */
import { decodeCachedLayer, encodeCachedLayer, type LayerCache } from "../../cache/layer-cache.js";
import { one, type SqlDatabase } from "../db/sql.js";

export interface CountingLayerCache extends LayerCache {
  stats: { hits: number; misses: number };
}

/** How stale an entry's last-use time may get before a hit moves it (retention counts in days). */
export const USE_GRANULARITY_MS = 3_600_000;

export function catalogLayerCache(db: SqlDatabase, now: () => number = Date.now): CountingLayerCache {
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    async get(key) {
      const row = await one<{ entry: Buffer; used_at: number }>(db, "SELECT entry, used_at FROM layers WHERE key = ?", [key]);
      const value = row ? decodeCachedLayer(row.entry) : undefined;
      if (value) stats.hits++;
      else stats.misses++;
      const t = now();
      if (value && Number(row!.used_at) < t - USE_GRANULARITY_MS) {
        // Guarded by the old time, so processes hitting the entry at once write it once.
        await db.run("UPDATE layers SET used_at = ? WHERE key = ? AND used_at < ?", [t, key, t - USE_GRANULARITY_MS]);
      }
      return value;
    },
    async put(key, value) {
      const t = now();
      await db.run(
        `INSERT INTO layers (key, diff_id, entry, created_at, used_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET entry = excluded.entry, created_at = excluded.created_at, used_at = excluded.used_at`,
        [key, value.analysis.diffId, encodeCachedLayer(value), t, t],
      );
    },
  };
}
