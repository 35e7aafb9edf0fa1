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
