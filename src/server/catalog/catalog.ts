/**
 * The catalog over the storage port: images seen, every reference each was seen under, their inventories
 * (JSON, one per image digest) with the package index filled in the same transaction, and the API tokens
 * (hashed). One SQL implementation for both adapters.
 */
import type { Inventory } from "../../model/inventory.js";
import { one, type Dialect, type Querier, type Row, type SqlDatabase } from "../db/sql.js";
import { indexInventory } from "./package-index.js";

export interface ImageRecord {
  digest: string;
  reference: string;
  registry: string | null;
  repo: string | null;
  tag: string | null;
  distro: string | null;
  /** False for images whose packages came from a document Dredge could not check (an uploaded SBOM). */
  verified: boolean;
  firstSeen: number;
  lastSeen: number;
}

/** A reference an image was seen under (its tag history). */
export interface ImageTag {
  reference: string;
  registry: string | null;
  repo: string | null;
  tag: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface ImageQuery {
  registry?: string;
  repo?: string;
  tag?: string;
  /** Digests after this one (cursor pagination in digest order). */
  after?: string;
  limit: number;
}

/** An inventory and when it was stored (it changes when a scan or an upload replaces it). */
export interface StoredInventory {
  inventory: Inventory;
  storedAt: number;
}

export type NewImage = Omit<ImageRecord, "firstSeen" | "lastSeen">;

export interface Catalog {
  putImage(image: NewImage, inventory: Inventory, at?: number): Promise<void>;
  /**
   * Stores an unverified entry (an uploaded SBOM or inventory) unless a verified one holds the digest:
   * false then, and nothing is written. Checked and written in one statement, so a verified scan finishing
   * at the same time is never overwritten. (A verified scan does replace an unverified entry.)
   */
  putUnverifiedImage(image: Omit<NewImage, "verified">, inventory: Inventory, at?: number): Promise<boolean>;
  getStoredInventory(digest: string): Promise<StoredInventory | undefined>;
  /** When the digest's inventory was stored (without reading it); undefined when there is none. */
  inventoryStoredAt(digest: string): Promise<number | undefined>;
  getImage(digest: string): Promise<ImageRecord | undefined>;
  /** Every reference the image was seen under, most recently seen first. */
  getTags(digest: string): Promise<ImageTag[]>;
  listImages(query: ImageQuery): Promise<ImageRecord[]>;
  getInventory(digest: string): Promise<Inventory | undefined>;
  deleteImage(digest: string): Promise<boolean>;
  countImages(): Promise<number>;
  /** A later reference names a stored image: it becomes the image's reference (a tag is kept when the new one has none). */
  retag(digest: string, ref: ImageRefFields, at?: number): Promise<boolean>;
  /** The images a resolved digest was stored as, when every one of them still has its inventory. */
  getResolution(key: string): Promise<string[] | undefined>;
  putResolution(key: string, digest: string, images: readonly string[], at?: number): Promise<void>;
}

export type ImageRefFields = Pick<ImageRecord, "reference" | "registry" | "repo" | "tag">;

/**
 * `created_at` of an image's inventory without reading the inventory: on SQLite through the covering index of
 * migration 16 (the planner would take the primary key's index and walk the JSON's overflow pages to the column).
 */
export const storedAtSql = (dialect: Dialect): string => `SELECT created_at FROM ${inventoryTimes(dialect)} WHERE digest = ?`;

/** `inventories AS alias` in a FROM clause that reads only `digest` and `created_at` (the covering index on SQLite, as `storedAtSql`). */
export const inventoryTimes = (dialect: Dialect, alias = "inventories"): string =>
  `inventories AS ${alias}${dialect === "sqlite" ? " INDEXED BY inventories_stored" : ""}`;

/** Runs `write` in one transaction while the image's inventory is the one stored at `inventoryAt`; false when it changed or is gone. */
export function whileInventoryIs(db: SqlDatabase, digest: string, inventoryAt: number, write: (q: Querier) => Promise<void>): Promise<boolean> {
  return db.tx(async (q) => {
    const current = await one<{ created_at: number }>(q, storedAtSql(db.dialect), [digest]);
    if (current === undefined || Number(current.created_at) !== inventoryAt) return false;
    await write(q);
    return true;
  });
}

const toImage = (r: Row): ImageRecord => ({
  digest: r.digest as string, reference: r.reference as string, registry: (r.registry as string | null) ?? null,
  repo: (r.repo as string | null) ?? null, tag: (r.tag as string | null) ?? null, distro: (r.distro as string | null) ?? null,
  verified: r.verified === 1, firstSeen: r.first_seen as number, lastSeen: r.last_seen as number,
});

export function sqlCatalog(db: SqlDatabase): Catalog {
  return {
    putImage: (img, inventory, at = Date.now()) =>
      db.tx(async (q) => {
        await q.run(
          `INSERT INTO images (digest, reference, registry, repo, tag, distro, verified, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (digest) DO UPDATE SET reference = excluded.reference, registry = excluded.registry, repo = excluded.repo,
             tag = excluded.tag, distro = excluded.distro, verified = excluded.verified, last_seen = excluded.last_seen`,
          [img.digest, img.reference, img.registry, img.repo, img.tag, img.distro, img.verified ? 1 : 0, at, at],
        );
        await q.run(
          `INSERT INTO image_tags (digest, reference, registry, repo, tag, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (digest, reference) DO UPDATE SET last_seen = excluded.last_seen`,
          [img.digest, img.reference, img.registry, img.repo, img.tag, at, at],
        );
        await q.run(
          `INSERT INTO inventories (digest, inventory, created_at) VALUES (?, ?, ?)
           ON CONFLICT (digest) DO UPDATE SET inventory = excluded.inventory, created_at = excluded.created_at`,
          [img.digest, JSON.stringify(inventory), at],
        );
        await indexInventory(q, img.digest, inventory);
      }),
    putUnverifiedImage: (img, inventory, at = Date.now()) =>
      db.tx(async (q) => {
        const written = await q.run(
          `INSERT INTO images (digest, reference, registry, repo, tag, distro, verified, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
           ON CONFLICT (digest) DO UPDATE SET reference = excluded.reference, registry = excluded.registry, repo = excluded.repo,
             tag = excluded.tag, distro = excluded.distro, last_seen = excluded.last_seen
           WHERE images.verified = 0`,
          [img.digest, img.reference, img.registry, img.repo, img.tag, img.distro, at, at],
        );
        if (written === 0) return false;
        await q.run(
          `INSERT INTO image_tags (digest, reference, registry, repo, tag, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (digest, reference) DO UPDATE SET last_seen = excluded.last_seen`,
          [img.digest, img.reference, img.registry, img.repo, img.tag, at, at],
        );
        await q.run(
          `INSERT INTO inventories (digest, inventory, created_at) VALUES (?, ?, ?)
           ON CONFLICT (digest) DO UPDATE SET inventory = excluded.inventory, created_at = excluded.created_at`,
          [img.digest, JSON.stringify(inventory), at],
        );
        await indexInventory(q, img.digest, inventory);
        return true;
      }),
    getStoredInventory: async (digest) => {
      const r = await one<{ inventory: string; created_at: number }>(db, "SELECT inventory, created_at FROM inventories WHERE digest = ?", [digest]);
      return r ? { inventory: JSON.parse(r.inventory) as Inventory, storedAt: Number(r.created_at) } : undefined;
    },
    getTags: async (digest) =>
      (await db.all("SELECT * FROM image_tags WHERE digest = ? ORDER BY last_seen DESC, reference", [digest])).map((r) => ({
        reference: r.reference as string, registry: (r.registry as string | null) ?? null, repo: (r.repo as string | null) ?? null,
        tag: (r.tag as string | null) ?? null, firstSeen: r.first_seen as number, lastSeen: r.last_seen as number,
      })),
    inventoryStoredAt: async (digest) => {
      const r = await one<{ created_at: number }>(db, storedAtSql(db.dialect), [digest]);
      return r ? Number(r.created_at) : undefined;
    },
    getImage: async (digest) => {
      const r = await one(db, "SELECT * FROM images WHERE digest = ?", [digest]);
      return r ? toImage(r) : undefined;
    },
    async listImages({ registry, repo, tag, after, limit }) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (sql: string, v: unknown) => (where.push(sql), params.push(v));
      if (registry !== undefined) add("registry = ?", registry);
      if (repo !== undefined) add("repo = ?", repo);
      if (tag !== undefined) add("tag = ?", tag);
      if (after !== undefined) add("digest > ?", after);
      const sql = `SELECT * FROM images${where.length ? ` WHERE ${where.join(" AND ")}` : ""} ORDER BY digest LIMIT ?`;
      return (await db.all(sql, [...params, limit])).map(toImage);
    },
    getInventory: async (digest) => {
      const r = await one<{ inventory: string }>(db, "SELECT inventory FROM inventories WHERE digest = ?", [digest]);
      return r ? (JSON.parse(r.inventory) as Inventory) : undefined;
    },
    deleteImage: (digest) =>
      db.tx(async (q) => {
        await q.run("DELETE FROM inventories WHERE digest = ?", [digest]);
        return (await q.run("DELETE FROM images WHERE digest = ?", [digest])) > 0;
      }),
    countImages: async () => (await one<{ n: number }>(db, "SELECT COUNT(*) AS n FROM images"))?.n ?? 0,
    retag: (digest, ref, at = Date.now()) =>
      db.tx(async (q) => {
        const updated = await q.run(
          `UPDATE images SET reference = ?, registry = ?, repo = ?, tag = COALESCE(?, tag), last_seen = ? WHERE digest = ?`,
          [ref.reference, ref.registry, ref.repo, ref.tag, at, digest],
        );
        if (updated === 0) return false;
        await q.run(
          `INSERT INTO image_tags (digest, reference, registry, repo, tag, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (digest, reference) DO UPDATE SET last_seen = excluded.last_seen`,
          [digest, ref.reference, ref.registry, ref.repo, ref.tag, at, at],
        );
        return true;
      }),
    async getResolution(key) {
      const r = await one<{ images: string }>(db, "SELECT images FROM resolutions WHERE key = ?", [key]);
      if (!r) return undefined;
      const images = JSON.parse(r.images) as string[];
      if (!Array.isArray(images) || images.length === 0) return undefined;
      const n = await one<{ n: number }>(db, `SELECT COUNT(*) AS n FROM inventories WHERE digest IN (${images.map(() => "?").join(", ")})`, images);
      return n?.n === images.length ? images : undefined;
    },
    putResolution: async (key, digest, images, at = Date.now()) =>
      void (await db.run(
        `INSERT INTO resolutions (key, digest, images, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET images = excluded.images, created_at = excluded.created_at`,
        [key, digest, JSON.stringify(images), at],
      )),
  };
}

/**
 * The catalog, calling `changed(digest)` once each write of an image's entry, inventory, references or
 * resolution has settled: the verdict service forgets what it remembered (src/server/verdicts.ts).
 */
export function observedCatalog(catalog: Catalog, changed: (digest: string) => void): Catalog {
  const after = <T>(p: Promise<T>, digest: string): Promise<T> => p.finally(() => changed(digest));
  return {
    ...catalog,
    putImage: (image, inventory, at) => after(catalog.putImage(image, inventory, at), image.digest),
    putUnverifiedImage: (image, inventory, at) => after(catalog.putUnverifiedImage(image, inventory, at), image.digest),
    deleteImage: (digest) => after(catalog.deleteImage(digest), digest),
    retag: (digest, ref, at) => after(catalog.retag(digest, ref, at), digest),
    putResolution: (key, digest, images, at) => after(catalog.putResolution(key, digest, images, at), digest),
  };
}
