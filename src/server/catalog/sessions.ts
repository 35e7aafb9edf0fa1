/**
 * Dashboard sessions: a login with an API token gives a random session id (the cookie) and a CSRF token.
 * The catalog keeps the sha256 of the id, the token it was opened with (revoking the token ends its
 * sessions; the role is always the token's current one) and an absolute expiry.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { one, type SqlDatabase } from "../db/sql.js";
import type { Role } from "./tokens.js";

/** How long a session lasts: 8 hours from login. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const hashOf = (id: string): string => createHash("sha256").update(id).digest("hex");
const secret = (): string => randomBytes(32).toString("base64url");

export interface Session {
  tokenId: string;
  role: Role;
  csrf: string;
  expiresAt: number;
}

export interface SessionStore {
  /** Opens a session for a token; `id` is the cookie value (shown once). */
  open(tokenId: string, now?: number, ttlMs?: number): Promise<{ id: string; csrf: string; expiresAt: number }>;
  /** The live session of a cookie value, with its token's current role. */
  find(id: string, now?: number): Promise<Session | undefined>;
  close(id: string): Promise<void>;
}

/** A cookie value as this store writes it (43 base64url characters); anything else names no session. */
export const isSessionId = (v: string): boolean => /^[\w-]{43}$/.test(v);

export function sqlSessions(db: SqlDatabase): SessionStore {
  return {
    async open(tokenId, now = Date.now(), ttlMs = SESSION_TTL_MS) {
      const id = secret();
      const csrf = secret();
      const expiresAt = now + ttlMs;
      await db.run("DELETE FROM sessions WHERE expires_at <= ?", [now]);
      await db.run("INSERT INTO sessions (id, token_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [hashOf(id), tokenId, csrf, now, expiresAt]);
      return { id, csrf, expiresAt };
    },
    async find(id, now = Date.now()) {
      if (!isSessionId(id)) return undefined;
      const hash = hashOf(id);
      const row = await one<{ id: string; token_id: string; csrf: string; expires_at: number; role: Role }>(
        db,
        "SELECT s.id, s.token_id, s.csrf, s.expires_at, t.role FROM sessions s JOIN tokens t ON t.id = s.token_id WHERE s.id = ?",
        [hash],
      );
      if (!row || !timingSafeEqual(Buffer.from(row.id), Buffer.from(hash)) || Number(row.expires_at) <= now) return undefined;
      return { tokenId: row.token_id, role: row.role, csrf: row.csrf, expiresAt: Number(row.expires_at) };
    },
    async close(id) {
      if (isSessionId(id)) await db.run("DELETE FROM sessions WHERE id = ?", [hashOf(id)]);
    },
  };
}
