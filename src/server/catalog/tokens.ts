/**
 * API tokens: 32 random bytes shown once; the catalog keeps only their sha256. A token is found by its
 * hash and the stored hash is compared again in constant time. A verified token's hash and role are kept in
 * memory for `VERIFIED_TTL_MS` (never the token itself), so a client's requests cost one sha256 and one
 * constant-time compare, not a catalog read each; a revocation in this process forgets them at once, one in
 * another process sharing the catalog takes effect within that time.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { one, type SqlDatabase } from "../db/sql.js";

export const roles = ["admin", "scanner", "reader"] as const;
export type Role = (typeof roles)[number];

export const TOKEN_PREFIX = "dredge_";

const hashOf = (token: string): string => createHash("sha256").update(token).digest("hex");

/** How long a verified token is believed without reading the catalog again. */
export const VERIFIED_TTL_MS = 5_000;
const VERIFIED_MAX = 1_000;

export interface TokenStore {
  create(role: Role): Promise<{ id: string; token: string }>;
  /** The role of a presented token, if it is one. */
  verify(token: string): Promise<Role | undefined>;
  /** Forgets every verification kept in memory (a token was revoked). */
  forget(): void;
}

interface Verified {
  hash: Buffer;
  role: Role;
  until: number;
}

export function sqlTokens(db: SqlDatabase, ttlMs = VERIFIED_TTL_MS, now: () => number = Date.now): TokenStore {
  // By the token's sha256; unknown tokens are never kept (a stream of bad tokens cannot fill it).
  const verified = new Map<string, Verified>();
  const keep = (hash: string, entry: Verified) => {
    verified.set(hash, entry);
    if (verified.size > VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  };
  return {
    async create(role) {
      const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
      const id = randomUUID();
      await db.run("INSERT INTO tokens (id, hash, role, created_at) VALUES (?, ?, ?, ?)", [id, hashOf(token), role, Date.now()]);
      return { id, token };
    },
    async verify(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
      const hash = hashOf(token);
      const presented = Buffer.from(hash);
      const seen = verified.get(hash);
      if (seen && seen.until > now() && timingSafeEqual(seen.hash, presented)) return seen.role;
      if (seen) verified.delete(hash);
      const row = await one<{ hash: string; role: Role }>(db, "SELECT hash, role FROM tokens WHERE hash = ?", [hash]);
      if (!row) return undefined;
      const stored = Buffer.from(row.hash);
      if (!timingSafeEqual(stored, presented)) return undefined;
      if (ttlMs > 0) keep(hash, { hash: stored, role: row.role, until: now() + ttlMs });
      return row.role;
    },
    forget: () => verified.clear(),
  };
}

export interface TokenInfo {
  id: string;
  name: string | null;
  role: Role;
  createdAt: number;
}

/** What admins do with tokens (`/tokens`, the dashboard): list, create with a name, revoke; and which token a secret is. */
export interface TokenAdmin {
  list(): Promise<TokenInfo[]>;
  create(role: Role, name?: string): Promise<TokenInfo & { token: string }>;
  /** Deletes the token (and its sessions); false when there is none. */
  revoke(id: string): Promise<boolean>;
  /** The token a presented secret is, if it is one. */
  identify(token: string): Promise<TokenInfo | undefined>;
}

const toInfo = (r: { id: string; name: string | null; role: Role; created_at: number }): TokenInfo => ({ id: r.id, name: r.name ?? null, role: r.role, createdAt: Number(r.created_at) });

export function sqlTokenAdmin(db: SqlDatabase): TokenAdmin {
  return {
    async list() {
      const rows = await db.all<{ id: string; name: string | null; role: Role; created_at: number }>("SELECT id, name, role, created_at FROM tokens ORDER BY created_at, id");
      return rows.map(toInfo);
    },
    async create(role, name) {
      const { id, token } = await sqlTokens(db).create(role);
      if (name !== undefined) await db.run("UPDATE tokens SET name = ? WHERE id = ?", [name, id]);
      const row = await one<{ id: string; name: string | null; role: Role; created_at: number }>(db, "SELECT id, name, role, created_at FROM tokens WHERE id = ?", [id]);
      return { ...toInfo(row!), token };
    },
    async revoke(id) {
      return db.tx(async (q) => {
        await q.run("DELETE FROM sessions WHERE token_id = ?", [id]);
        return (await q.run("DELETE FROM tokens WHERE id = ?", [id])) > 0;
      });
    },
    async identify(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
      const hash = hashOf(token);
      const row = await one<{ id: string; name: string | null; role: Role; created_at: number; hash: string }>(db, "SELECT id, name, role, created_at, hash FROM tokens WHERE hash = ?", [hash]);
      if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash))) return undefined;
      return toInfo(row);
    },
  };
}
