/**
 * `/session`: the dashboard's login with an API token → an HttpOnly, SameSite=Strict session cookie and a
 * CSRF token for writes; who the session is; logout. The token travels in the body, never in a URL.
 */
import { z } from "zod";
import { SESSION_TTL_MS, sqlSessions } from "../../catalog/sessions.js";
import { sqlTokenAdmin } from "../../catalog/tokens.js";
import { sessionOf } from "../auth.js";
import { clearSessionCookie, sessionCookie, setSessionCookie } from "../cookies.js";
import { parseInput } from "../input.js";
import { HttpProblem } from "../problem.js";
import type { ApiRoute } from "../route.js";

const loginBody = z.strictObject({ token: z.string().min(1).max(200) });

const noSession = () => new HttpProblem(401, "Unauthorized", "no session: log in with POST /api/v1/session");

export const sessionRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/session",
    summary: "Log in to the dashboard with an API token: sets the session cookie (HttpOnly, SameSite=Strict, 8 hours) and returns the CSRF token writes must send in X-CSRF-Token",
    role: "public",
    body: { type: "object", required: ["token"], properties: { token: { type: "string" } }, additionalProperties: false },
    responses: { 200: { description: "the session: role, CSRF token, expiry" } },
    async handler(ctx, req, reply) {
      const { token } = parseInput(loginBody, req.body, "body");
      const info = await sqlTokenAdmin(ctx.db).identify(token);
      if (!info) throw new HttpProblem(401, "Unauthorized", "this is not a valid API token");
      const session = await sqlSessions(ctx.db).open(info.id);
      setSessionCookie(req, reply, session.id, Math.floor(SESSION_TTL_MS / 1000));
      void reply.header("cache-control", "no-store");
      return { authenticated: true, role: info.role, tokenName: info.name, csrf: session.csrf, expiresAt: session.expiresAt };
    },
  },
  {
    method: "GET",
    path: "/session",
    summary: "The dashboard session of the cookie: `authenticated`, and with a live session its role, CSRF token and expiry",
    role: "public",
    responses: { 200: { description: "the session, or `authenticated: false`" } },
    async handler(ctx, req, reply) {
      const session = await sessionOf(ctx, req);
      void reply.header("cache-control", "no-store");
      if (!session) return { authenticated: false };
      return { authenticated: true, role: session.role, csrf: session.csrf, expiresAt: session.expiresAt };
    },
  },
  {
    method: "DELETE",
    path: "/session",
    summary: "Log out: ends the cookie's session and clears the cookie",
    role: "reader",
    responses: { 204: { description: "logged out" } },
    async handler(ctx, req, reply) {
      const id = sessionCookie(req);
      if (id === undefined) throw noSession();
      await sqlSessions(ctx.db).close(id);
      clearSessionCookie(req, reply);
      return reply.code(204).send();
    },
  },
];
