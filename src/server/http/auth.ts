/**
 * Who is calling /api/v1 and /metrics: a Bearer token, or the dashboard's session cookie (a write with the
 * cookie must carry the session's CSRF token in X-CSRF-Token). No or unknown credentials → 401, a role below
 * the route's → 403, a cookie-authenticated write without the CSRF token → 403.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Role } from "../catalog/tokens.js";
import { sqlSessions, type Session } from "../catalog/sessions.js";
import type { ApiContext } from "./context.js";
import { CSRF_HEADER, sessionCookie } from "./cookies.js";
import { HttpProblem } from "./problem.js";

const rank: Record<Role, number> = { reader: 1, scanner: 2, admin: 3 };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

const sameSecret = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The live session of the request's cookie, if any. */
export async function sessionOf(ctx: ApiContext, req: FastifyRequest): Promise<Session | undefined> {
  const id = sessionCookie(req);
  return id === undefined ? undefined : sqlSessions(ctx.db).find(id);
}

async function roleOf(ctx: ApiContext, req: FastifyRequest): Promise<Role | undefined> {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = typeof header === "string" ? /^Bearer ([\w-]{1,200})$/.exec(header) : null;
    return match ? ctx.tokens.verify(match[1]!) : undefined;
  }
  const session = await sessionOf(ctx, req);
  if (!session) return undefined;
  if (!safeMethods.has(req.method)) {
    const presented = req.headers[CSRF_HEADER];
    if (typeof presented !== "string" || !sameSecret(presented, session.csrf)) {
      throw new HttpProblem(403, "Forbidden", `a write with the session cookie needs the session's CSRF token (${CSRF_HEADER})`);
    }
  }
  return session.role;
}

export async function authorize(ctx: ApiContext, req: FastifyRequest, needed: Role): Promise<void> {
  const role = await roleOf(ctx, req);
  if (!role) throw new HttpProblem(401, "Unauthorized", "a valid API token is required (Authorization: Bearer …)");
  if (rank[role] < rank[needed]) throw new HttpProblem(403, "Forbidden", `this needs the ${needed} role; the token has ${role}`);
}
