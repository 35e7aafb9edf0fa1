/**
 * Retention, so the catalog cannot grow without bound: finished scans beyond the last `keepScans` per target,
 * images (with their inventories, tags, package and findings index rows) not seen for `maxAgeMs`, references
 * of images not seen under them for as long, and layer analyses no scan has used (written or read) for
 * `maxAgeMs` (their last use is recorded to the hour: src/server/catalog/layer-cache.ts). Queued and running scans are never touched.
 * After a prune the space is given back: SQLite runs an incremental vacuum when enough pages are free;
 * PostgreSQL relies on autovacuum (dead rows become reusable space; the files do not shrink).
 */
import type { SqlDatabase } from "./db/sql.js";

export interface RetentionSettings {
  keepScans: number;
  maxAgeMs: number;
}

export const defaultRetention: RetentionSettings = { keepScans: 10, maxAgeMs: 90 * 24 * 3_600_000 };

export interface Pruned {
  scans: number;
  images: number;
  layers: number;
}

/** Prunes, then compacts the database when much was deleted (`reclaimedBytes`: how much the file shrank). */
export async function retain(db: SqlDatabase, settings: RetentionSettings, now = Date.now()): Promise<Pruned & { reclaimedBytes: number }> {
  const pruned = await prune(db, settings, now);
  const deleted = pruned.scans + pruned.images + pruned.layers;
  return { ...pruned, reclaimedBytes: deleted > 0 ? await db.compact() : 0 };
}

export async function prune(db: SqlDatabase, settings: RetentionSettings, now = Date.now()): Promise<Pruned> {
  const cutoff = now - settings.maxAgeMs;
  return db.tx(async (q) => {
    const scans = await q.run(
      `DELETE FROM scans WHERE id IN (
         SELECT id FROM (
           SELECT id, ROW_NUMBER() OVER (PARTITION BY dedupe_key ORDER BY created_at DESC, id DESC) AS n
           FROM scans WHERE state IN ('done', 'failed')) ranked
         WHERE n > ?)`,
      [settings.keepScans],
    );
    await q.run("DELETE FROM inventories WHERE digest IN (SELECT digest FROM images WHERE last_seen < ?)", [cutoff]);
    // Their tags, packages and findings go with them (ON DELETE CASCADE); references not seen for as long go too.
    const images = await q.run("DELETE FROM images WHERE last_seen < ?", [cutoff]);
    await q.run("DELETE FROM image_tags WHERE last_seen < ?", [cutoff]);
    const layers = await q.run("DELETE FROM layers WHERE used_at < ?", [cutoff]);
    await q.run("DELETE FROM resolutions WHERE created_at < ?", [cutoff]);
    // Notifications delivered or dead for as long (their delivery logs go with them).
    await q.run("DELETE FROM notifications WHERE state IN ('delivered', 'dead') AND created_at < ?", [cutoff]);
    // Locks whose holder is long gone (an expired lease is free for the next holder anyway).
    await q.run("DELETE FROM locks WHERE until_ms < ?", [now - 3_600_000]);
    return { scans, images, layers };
  });
}
