/**
 * HTTP for the registry client: undici's `request` over one `Agent` (not WHATWG `fetch`, which refuses
 * "bad ports" such as 6000 or 10080 that registries may listen on), answered as a fetch `Response`; scheme
 * choice per host, a timeout per
 * request (until the headers; then an idle timeout on the body), retries with backoff, and manual
 * redirects that drop `Authorization` when the origin changes.
 *
 * Scheme: https with certificate verification by default. Loopback hosts (localhost, 127.0.0.0/8, ::1) go
 * straight to plain http, as local test registries do (Docker also treats them as insecure). With
 * `insecure` (any host, loopback included), https is tried first without certificate verification, and the
 * host falls back to plain http when the TLS handshake or the connection fails; the choice is remembered
 * per host for the life of the client.
 */
import type { Readable } from "node:stream";
import type * as Web from "node:stream/web";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Agent, buildConnector, Dispatcher, Response } from "undici";
import { DredgeError } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { lazyBuiltin } from "../../util/lazy-builtin.js";
import { isResetError, transportError } from "./errors.js";
import type { ConnectGuard } from "./guard.js";
import { isRetryableStatus, parseRetryAfter, retryDelay, sleep, type RetryPolicy } from "./retry.js";

const web = lazyBuiltin<typeof Web>("node:stream/web");

export interface TransportOptions {
  insecure: boolean;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
  signal?: AbortSignal;
  /** Resolves, checks and pins every connection (the server's SSRF guard); none: the system resolver, unchecked. */
  guard?: ConnectGuard;
}

export interface HttpRequest {
  method: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** A Buffer, or a function opening a fresh stream for each attempt. */
  body?: Buffer | (() => Readable);
  /** Follow 3xx for GET/HEAD (default true). */
  followRedirects?: boolean;
}

const MAX_REDIRECTS = 5;

export function isLoopbackHost(host: string): boolean {
  const bareIpv6 = !host.startsWith("[") && host.split(":").length > 2;
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : bareIpv6 ? host : host.replace(/:\d+$/, "");
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export class Transport {
  /** undici is loaded on the first request: scans of a directory or an archive never pay for it. */
  private http?: Promise<Http>;
  private readonly schemes = new Map<string, "http" | "https">();

  constructor(readonly options: TransportOptions) {}

  private client(): Promise<Http> {
    const o = this.options;
    this.http ??= import("undici").then((u) => {
      const connect = { rejectUnauthorized: !o.insecure, timeout: o.timeoutMs };
      return {
        Response: u.Response,
        agent: new u.Agent({
          connect: o.guard ? guardedConnector(u.buildConnector(connect), o.guard) : connect,
          headersTimeout: o.timeoutMs,
          bodyTimeout: o.timeoutMs,
        }),
      };
    });
    return this.http;
  }

  /** `https://host` or `http://host` for the registry API of `host`. */
  async origin(host: string, signal?: AbortSignal): Promise<string> {
    let scheme = this.schemes.get(host);
    if (!scheme) {
      if (this.options.insecure) scheme = await this.probe(host, signal);
      else scheme = isLoopbackHost(host) ? "http" : "https";
      this.schemes.set(host, scheme);
    }
    return `${scheme}://${host}`;
  }

  private async probe(host: string, signal?: AbortSignal): Promise<"http" | "https"> {
    try {
      const res = await this.once({ method: "GET", url: `https://${host}/v2/` }, signal);
      await res.body?.cancel();
      return "https";
    } catch (err) {
      if (signal?.aborted) throw err;
      this.options.logger.debug("registry https failed, using http", { host, error: String(err) });
      return "http";
    }
  }

  /** Send with retries on 429/5xx and connection resets; returns the last response (any status). */
  async send(req: HttpRequest, signal?: AbortSignal): Promise<Response> {
    const { retry, logger } = this.options;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.once(req, signal);
      } catch (err) {
        if (attempt >= retry.retries || !isResetError(err) || this.aborted(signal)) throw this.fail(err, req.url, signal);
        const delay = retryDelay(retry, attempt);
        logger.debug("registry connection failed, retrying", { url: req.url, attempt: attempt + 1, delayMs: delay });
        await sleep(delay, this.signals(signal));
        continue;
      }
      if (!isRetryableStatus(res.status) || attempt >= retry.retries) return res;
      const delay = retryDelay(retry, attempt, parseRetryAfter(res.headers.get("retry-after")));
      await res.body?.cancel().catch(() => undefined);
      logger.debug("registry busy, retrying", { url: req.url, status: res.status, attempt: attempt + 1, delayMs: delay });
      await sleep(delay, this.signals(signal));
    }
  }

  private aborted(signal?: AbortSignal): boolean {
    return Boolean(signal?.aborted || this.options.signal?.aborted);
  }

  private signals(signal?: AbortSignal): AbortSignal | undefined {
    const list = [signal, this.options.signal].filter((s): s is AbortSignal => s !== undefined);
    return list.length > 1 ? AbortSignal.any(list) : list[0];
  }

  private fail(err: unknown, url: string, signal?: AbortSignal): DredgeError {
    if (this.aborted(signal)) return new DredgeError("CANCELLED", `request to ${url} was cancelled`, { cause: err });
    return transportError(err, url, this.options.timeoutMs);
  }

  /** One attempt, following redirects by hand. */
  private async once(req: HttpRequest, signal?: AbortSignal): Promise<Response> {
    let url = req.url;
    let method = req.method;
    const headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      const res = await this.fetchOnce(method, url, headers, req.body, signal);
      const location = res.headers.get("location");
      const follow = req.followRedirects !== false && (method === "GET" || method === "HEAD");
      if (!follow || res.status < 300 || res.status > 399 || !location) return res;
      await res.body?.cancel().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new DredgeError("REGISTRY_ERROR", `too many redirects from ${req.url}`);
      const next = new URL(location, url);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new DredgeError("REGISTRY_ERROR", `${url} redirected to an unsupported URL scheme ${next.protocol}`);
      }
      if (next.origin !== new URL(url).origin) delete headers.authorization;
      this.options.logger.debug("registry redirect", { from: url, to: next.origin + next.pathname });
      url = next.href;
      if (res.status === 303) method = "GET";
    }
  }

  private async fetchOnce(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: HttpRequest["body"],
    signal?: AbortSignal,
  ): Promise<Response> {
    const timer = new AbortController();
    const list = [timer.signal, signal, this.options.signal].filter((s): s is AbortSignal => s !== undefined);
    const timeout = setTimeout(() => {
      const e = new Error(`timed out after ${this.options.timeoutMs} ms`);
      e.name = "TimeoutError";
      timer.abort(e);
    }, this.options.timeoutMs);
    try {
      const http = await this.client();
      const res = await http.agent.request({
        origin: new URL(url).origin,
        path: pathOf(url),
        method: method as Dispatcher.HttpMethod,
        headers,
        body: typeof body === "function" ? body() : body,
        signal: AbortSignal.any(list),
      });
      return toResponse(http, res);
    } finally {
      clearTimeout(timeout);
    }
  }

  async close(): Promise<void> {
    if (this.http) await this.http.then((h) => h.agent.close()).catch(() => undefined);
  }
}

/**
 * Each connection goes to the address the guard checked (the name stays the TLS server name and Host), so
 * there is no window between the check and the connection for the name to resolve elsewhere; redirects and
 * token realms open connections through here too.
 */
function guardedConnector(base: buildConnector.connector, guard: ConnectGuard): buildConnector.connector {
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === "https:" ? 443 : 80);
    guard.resolve(opts.hostname, port).then(
      // undici takes the TLS server name from `host` (the name and port of the URL), not from `hostname`.
      (checked) => base({ ...opts, hostname: checked.address }, callback),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}

interface Http {
  agent: Agent;
  Response: typeof import("undici").Response;
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** Statuses whose response has no body (the fetch `Response` constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** undici's `request` result as a fetch `Response` (status, headers, a web body stream). */
function toResponse(http: Http, res: Dispatcher.ResponseData): Response {
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, v]);
  }
  const empty = NULL_BODY.has(res.statusCode);
  if (empty) res.body.resume();
  const body = empty ? null : webBody(res.body);
  return new http.Response(body as unknown as WebReadableStream<Uint8Array> | null, { status: res.statusCode, headers });
}

/** A pull-driven web stream over a node stream (Node 20's `Readable.toWeb` can enqueue after a cancel). */
function webBody(src: Readable): WebReadableStream<Uint8Array> {
  const chunks = src[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new (web().ReadableStream)<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (err) {
          controller.error(err);
        }
      },
      cancel() {
        // undici's body errors with "Request aborted" when destroyed: the reader asked for that.
        src.on("error", () => undefined);
        src.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Read a response body up to `limit` bytes (LIMIT_EXCEEDED beyond), for manifests, configs, tokens. */
export async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get("content-length") ?? "NaN");
  if (declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new DredgeError("LIMIT_EXCEEDED", `${what} is ${declared} bytes, more than the ${limit} allowed`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body) {
    total += chunk.length;
    if (total > limit) throw new DredgeError("LIMIT_EXCEEDED", `${what} is larger than the ${limit} bytes allowed`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
