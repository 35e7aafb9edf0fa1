/**
 * Named locks with a lease, in the catalog, so they hold across processes (PostgreSQL) as well as within one
 * (SQLite): a holder takes a free or expired lock in one upsert, renews it while it works, and releases it;
 * a holder that dies stops renewing and the lock is free again when its lease runs out.
 */
import type { SqlDatabase } from "../db/sql.js";

export interface Locks {
  /** Takes `name` for `holder` for `ttlMs` if it is free, expired or already the holder's. */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  renew(name: string, holder: string, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

export function sqlLocks(db: SqlDatabase, now: () => number = Date.now): Locks {
  return {
    tryAcquire: async (name, holder, ttlMs) => {
      const t = now();
      const changed = await db.run(
        `INSERT INTO locks (name, holder, until_ms) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms
         WHERE locks.until_ms < ? OR locks.holder = excluded.holder`,
        [name, holder, t + ttlMs, t],
      );
      return changed > 0;
    },
    renew: async (name, holder, ttlMs) => (await db.run("UPDATE locks SET until_ms = ? WHERE name = ? AND holder = ?", [now() + ttlMs, name, holder])) > 0,
    release: async (name, holder) => void (await db.run("DELETE FROM locks WHERE name = ? AND holder = ?", [name, holder])),
  };
}
