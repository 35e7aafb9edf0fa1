/**
 * One registry host: transport + authenticator, and `request()`, which adds authorization for a scope,
 * answers one 401 challenge, and retries.
 */
import type { Response } from "undici";
import type { Logger } from "../../util/log.js";
import { registryApiHost } from "../reference.js";
import { Authenticator } from "./auth.js";
import { dockerConfigDir, dockerCredentials, type RegistryCredentials } from "./credentials.js";
import { authRequired, statusError, transportError, type RequestSubject } from "./errors.js";
import type { ConnectGuard } from "./guard.js";
import { defaultRetryPolicy } from "./retry.js";
import { readLimited, Transport, type HttpRequest } from "./transport.js";

export interface SessionOptions {
  /** The registry as named in references (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  username?: string;
  password?: string;
  insecure?: boolean;
  timeoutMs?: number;
  retries?: number;
  /** First backoff delay in ms (default 500); tests lower it. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included (default 30 s). */
  maxRetryDelayMs?: number;
  dockerConfigDir?: string;
  logger: Logger;
  signal?: AbortSignal;
  /** The server's SSRF guard: resolves, checks and pins every connection. */
  guard?: ConnectGuard;
  /** Credentials and options the operator configured for a registry (the server's /registries); first choice. */
  access?: RegistryAccessLookup;
}

export interface ConfiguredAccess {
  credentials?: RegistryCredentials;
  /** Plain HTTP and unverified TLS allowed for this registry. */
  insecure?: boolean;
}

export type RegistryAccessLookup = (registry: string) => ConfiguredAccess | undefined;

export type Scope = "pull" | "pull,push";

export class RegistrySession {
  /** The API host (`registry-1.docker.io` for docker.io). */
  readonly host: string;
  readonly transport: Transport;
  readonly auth: Authenticator;
  readonly timeoutMs: number;
  private readonly configured: ConfiguredAccess | undefined;

  constructor(readonly options: SessionOptions) {
    this.host = registryApiHost(options.registry);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.configured = options.access?.(options.registry);
    this.transport = new Transport({
      insecure: (options.insecure ?? false) || this.configured?.insecure === true,
      timeoutMs: this.timeoutMs,
      retry: {
        retries: options.retries ?? defaultRetryPolicy.retries,
        baseDelayMs: options.retryBaseDelayMs ?? defaultRetryPolicy.baseDelayMs,
        maxDelayMs: options.maxRetryDelayMs ?? defaultRetryPolicy.maxDelayMs,
      },
      logger: options.logger,
      signal: options.signal,
      ...(options.guard ? { guard: options.guard } : {}),
    });
    this.auth = new Authenticator(this.transport, () => this.credentials(), options.logger);
  }

  private async credentials(): Promise<RegistryCredentials | undefined> {
    const o = this.options;
    if (this.configured?.credentials) return this.configured.credentials;
    if (o.username !== undefined || o.password !== undefined) {
      return { username: o.username ?? "", password: o.password ?? "", source: "options" };
    }
    return dockerCredentials(o.registry, dockerConfigDir(o.dockerConfigDir), o.logger);
  }

  /** `https://host/v2/<repository>/<path>` (scheme chosen per transport rules). */
  async url(repository: string, path: string, signal?: AbortSignal): Promise<string> {
    return `${await this.transport.origin(this.host, signal)}/v2/${repository}/${path}`;
  }

  /**
   * Send with authorization for `repository:<repo>:<scope>`. A 401 teaches the challenge and the request is
   * sent once more; a second 401 is AUTH_REQUIRED. Other statuses are returned for the caller to judge.
   */
  async request(subject: RequestSubject, scope: Scope, req: HttpRequest, signal?: AbortSignal): Promise<Response> {
    const scopeText = `repository:${subject.repository}:${scope}`;
    let authorization = await this.auth.header(scopeText, subject, signal);
    for (let attempt = 0; ; attempt++) {
      const headers = { ...req.headers };
      if (authorization) headers.authorization = authorization;
      const res = await this.transport.send({ ...req, headers }, signal);
      if (res.status !== 401) return res;
      const challenge = res.headers.get("www-authenticate");
      const body = await this.readText(res, req.url);
      if (attempt > 0 || !(await this.auth.challenged(challenge, scopeText, authorization))) {
        throw statusError(subject, 401, body, await this.auth.hasCredentials());
      }
      authorization = await this.auth.header(scopeText, subject, signal);
      if (!authorization) throw authRequired(subject, false);
    }
  }

  /** The error for an unsuccessful response (its body read, bounded). */
  async failure(subject: RequestSubject, res: Response, url: string): Promise<Error> {
    const body = await this.readText(res, url);
    return statusError(subject, res.status, body, await this.auth.hasCredentials());
  }

  async readText(res: Response, url: string): Promise<string> {
    try {
      return (await readLimited(res, 64 * 1024, url)).toString("utf8");
    } catch {
      return "";
    }
  }

  /** Read a body up to `limit`, mapping transport failures. */
  async readBody(res: Response, limit: number, what: string, url: string): Promise<Buffer> {
    try {
      return await readLimited(res, limit, what);
    } catch (err) {
      throw transportError(err, url, this.timeoutMs, `reading ${what}`);
    }
  }

  subject(repository: string, what: string): RequestSubject {
    return { host: this.options.registry, repository, what };
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
