/**
 * API tokens: 32 random bytes shown once; the catalog keeps only their sha256. A token is found by its
 * hash and the stored hash is compared again in constant time.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { one, type SqlDatabase } from "../db/sql.js";

export const roles = ["admin", "scanner", "reader"] as const;
export type Role = (typeof roles)[number];

export const TOKEN_PREFIX = "dredge_";

const hashOf = (token: string): string => createHash("sha256").update(token).digest("hex");

export interface TokenStore {
  create(role: Role): Promise<{ id: string; token: string }>;
  /** The role of a presented token, if it is one. */
  verify(token: string): Promise<Role | undefined>;
}

export function sqlTokens(db: SqlDatabase): TokenStore {
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
      const row = await one<{ hash: string; role: Role }>(db, "SELECT hash, role FROM tokens WHERE hash = ?", [hash]);
      if (!row) return undefined;
      return timingSafeEqual(Buffer.from(row.hash), Buffer.from(hash)) ? row.role : undefined;
    },
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
