/**
 * Registry authentication: learns the scheme from a 401's `WWW-Authenticate`, then sends Basic credentials
 * or fetches Bearer tokens from the realm (anonymously, with Basic credentials, or by exchanging an identity
 * token), cached per scope until they expire. Credentials go to this registry and its token realm only.
 */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { parseChallenges, type Challenge } from "./challenge.js";
import type { RegistryCredentials } from "./credentials.js";
import { authRequired, parseErrorBody, type RequestSubject } from "./errors.js";
import { readLimited, type Transport } from "./transport.js";
import { safeParse } from "../../util/schema.js";

const tokenResponse = z
  .object({ token: z.string().optional(), access_token: z.string().optional(), expires_in: z.number().optional() })
  .passthrough();

const DEFAULT_TOKEN_LIFETIME_S = 60;

export class Authenticator {
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, { header: string; expiresAt: number }>();
  private creds: Promise<RegistryCredentials | undefined> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly loadCredentials: () => Promise<RegistryCredentials | undefined>,
    private readonly logger: Logger,
  ) {}

  private credentials(): Promise<RegistryCredentials | undefined> {
    this.creds ??= this.loadCredentials();
    return this.creds;
  }

  /** Whether credentials are known (for "authentication failed" versus "required"). */
  async hasCredentials(): Promise<boolean> {
    return (await this.credentials()) !== undefined;
  }

  /** The Authorization header for `scope` (`repository:ns/repo:pull`), from what earlier challenges taught. */
  async header(scope: string, subject: RequestSubject, signal?: AbortSignal): Promise<string | undefined> {
    const ch = this.challenge;
    if (!ch) return undefined;
    const given = (await this.credentials())?.registryToken;
    if (given !== undefined) return `Bearer ${given}`;
    if (ch.scheme === "basic") {
      const c = await this.credentials();
      if (!c?.username || c.password === undefined) return undefined;
      return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
    }
    const cached = this.tokens.get(scope);
    if (cached && cached.expiresAt > Date.now()) return cached.header;
    const header = await this.fetchToken(ch, scope, subject, signal);
    return header;
  }

  /** After a 401: learn the challenge. True when a retry with (new) authorization can help. */
  async challenged(wwwAuthenticate: string | null, scope: string, previous: string | undefined): Promise<boolean> {
    const all = parseChallenges(wwwAuthenticate);
    const ch = all.find((c) => c.scheme === "bearer") ?? all.find((c) => c.scheme === "basic");
    if (!ch) return false;
    this.challenge = ch;
    if ((await this.credentials())?.registryToken !== undefined) return previous === undefined;
    if (ch.scheme === "bearer") {
      // A rejected cached token is dropped; the caller retries once with a fresh one.
      if (previous !== undefined && this.tokens.get(scope)?.header === previous) this.tokens.delete(scope);
      return true;
    }
    return previous === undefined && (await this.hasCredentials());
  }

  private async fetchToken(ch: Challenge, scope: string, subject: RequestSubject, signal?: AbortSignal): Promise<string> {
    const realm = parseRealm(ch, subject);
    const creds = await this.credentials();
    const scopes = [...new Set([scope, ch.params.scope].filter((s): s is string => Boolean(s)))];
    const service = ch.params.service;
    let res;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.identityToken, client_id: "dredge" });
      if (service) form.set("service", service);
      if (scopes.length) form.set("scope", scopes.join(" "));
      const body = Buffer.from(form.toString());
      const headers = { "content-type": "application/x-www-form-urlencoded" };
      res = await this.transport.send({ method: "POST", url: realm.href, headers, body }, signal);
    } else {
      if (service) realm.searchParams.set("service", service);
      for (const s of scopes) realm.searchParams.append("scope", s);
      const headers: Record<string, string> = {};
      if (creds?.username && creds.password !== undefined) {
        headers.authorization = `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString("base64")}`;
      }
      res = await this.transport.send({ method: "GET", url: realm.href, headers }, signal);
    }
    const text = (await readLimited(res, 1024 * 1024, `token from ${realm.origin}`)).toString("utf8");
    if (res.status === 401 || res.status === 403) throw authRequired(subject, creds !== undefined, parseErrorBody(text).text);
    if (res.status < 200 || res.status > 299) {
      throw new DredgeError("REGISTRY_ERROR", `token server ${realm.origin}${realm.pathname} answered HTTP ${res.status} for ${subject.host}/${subject.repository}`);
    }
    const parsed = parseToken(text, realm);
    const header = `Bearer ${parsed.token}`;
    this.tokens.set(scope, { header, expiresAt: Date.now() + parsed.lifetimeS * 1000 - 5000 });
    this.logger.debug("registry token obtained", { realm: realm.origin, scope, anonymous: creds === undefined });
    return header;
  }
}

function parseRealm(ch: Challenge, subject: RequestSubject): URL {
  const realm = ch.params.realm;
  let url: URL | undefined;
  try {
    url = realm ? new URL(realm) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new DredgeError("REGISTRY_ERROR", `${subject.host} sent a Bearer challenge without a usable realm (${realm ?? "none"})`);
  }
  return url;
}

function parseToken(text: string, realm: URL): { token: string; lifetimeS: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const r = safeParse(tokenResponse, doc);
  const token = r.success ? (r.data.token ?? r.data.access_token) : undefined;
  if (!r.success || !token) {
    throw new DredgeError("REGISTRY_ERROR", `token server ${realm.origin}${realm.pathname} returned no token`);
  }
  return { token, lifetimeS: Math.max(r.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S, DEFAULT_TOKEN_LIFETIME_S) };
}
