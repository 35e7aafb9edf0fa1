/** The dashboard's session cookie: read from the Cookie header, written HttpOnly, SameSite=Strict, Path=/. */
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "dredge_session";
/** The header a cookie-authenticated write must carry, holding the session's CSRF token. */
export const CSRF_HEADER = "x-csrf-token";

/** The session cookie's value, if the request has one (the first of that name). */
export function sessionCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== "string" || header.length > 8192) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request came over TLS (the cookie is then marked Secure). */
const secure = (req: FastifyRequest): boolean => req.protocol === "https";

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, id: string, maxAgeSeconds: number): void {
  void reply.header("set-cookie", `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(req) ? "; Secure" : ""}`);
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure(req) ? "; Secure" : ""}`);
}
