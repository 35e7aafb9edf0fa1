/**
 * The pull-time gate (`dredge server --registry-proxy UPSTREAM`): the OCI distribution API `/v2/` in front of
 * one registry, on its own listener (`--registry-proxy-listen`, plain HTTP or TLS). Read-only: GET and HEAD.
 *
 * - Everything but manifests passes through: the request's headers (Authorization, Accept, Range …) go to the
 *   upstream, its status, headers (WWW-Authenticate challenges, Content-Range, redirects to blob storage) and
 *   body come back streamed, never buffered. A Location on the upstream itself is rewritten to the proxy.
 * - A manifest is asked for upstream the same way; an answer other than 200 (401 challenge, 404) passes back
 *   as it is, so only a client the registry lets read the manifest learns anything from the gate. On 200 the
 *   digest is the one asked for, or Docker-Content-Digest, or the sha256 of the manifest (≤ 4 MiB, the only
 *   body ever read whole); the gate (./gate.ts) then lets it through or answers 403 with the OCI error
 *   `{"errors":[{"code":"DENIED","message":…}]}` naming the policy's rules.
 * - The proxy needs no Dredge token: the registry's own auth is what clients pass (like a registry mirror).
 */
import { createHash } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { pipeline } from "node:stream/promises";
import { Pool, type Dispatcher } from "undici";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import { loadTls, watchTls, type TlsFiles } from "../http/tls.js";
import { judgeManifest, type GateDeps } from "./gate.js";

const MAX_MANIFEST = 4 * 1024 * 1024;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const MANIFEST_RE = /^\/v2\/((?:[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*)\/manifests\/([A-Za-z0-9_][A-Za-z0-9._-]{0,127}|[a-z0-9+._-]+:[a-fA-F0-9]+)$/;
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"]);

export interface ProxySettings {
  /** `http(s)://host[:port]` of the registry in front of which the proxy stands. */
  upstream: string;
  listen: { host: string; port: number };
  tls?: TlsFiles;
}

export interface RegistryProxy {
  url: string;
  close(): Promise<void>;
}

type Headers = Record<string, string | string[]>;

function forwardedRequestHeaders(req: IncomingMessage): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && k !== "content-length") out[k] = v;
  return out;
}

function responseHeaders(headers: Dispatcher.ResponseData["headers"], upstream: string): Headers {
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k)) continue;
    out[k] = k === "location" && typeof v === "string" && v.startsWith(`${upstream}/`) ? v.slice(upstream.length) : v;
  }
  return out;
}

function ociError(res: ServerResponse, status: number, code: string, message: string, head = false): void {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "docker-distribution-api-version": "registry/2.0" });
  res.end(head ? undefined : body);
}

const readAll = async (body: Dispatcher.ResponseData["body"], limit: number): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
};

export async function startRegistryProxy(settings: ProxySettings, gate: GateDeps): Promise<RegistryProxy> {
  const upstream = new URL(settings.upstream).origin;
  const upstreamHost = new URL(upstream).host;
  const pool = new Pool(upstream, { connections: 128, headersTimeout: 60_000 });
  const logger: Logger = gate.logger;
  const send = (path: string, method: "GET" | "HEAD", headers: Headers) => pool.request({ path, method, headers });

  async function passThrough(res: ServerResponse, up: Dispatcher.ResponseData): Promise<void> {
    res.writeHead(up.statusCode, responseHeaders(up.headers, upstream));
    await pipeline(up.body, res);
  }

  async function manifest(req: IncomingMessage, res: ServerResponse, path: string, name: string, ref: string, method: "GET" | "HEAD"): Promise<void> {
    const headers = forwardedRequestHeaders(req);
    const up = await send(path, method, headers);
    if (up.statusCode !== 200) return passThrough(res, up);
    const byDigest = DIGEST_RE.test(ref);
    const header = up.headers["docker-content-digest"];
    let digest = byDigest ? ref : typeof header === "string" && DIGEST_RE.test(header) ? header : undefined;
    let bytes: Buffer | undefined;
    if (!digest) {
      // The registry named no digest: read the manifest (bounded) and hash it; a HEAD asks again with GET.
      const source = method === "GET" ? up : (await up.body.dump(), await send(path, "GET", headers));
      if (source.statusCode !== 200) return passThrough(res, source);
      bytes = await readAll(source.body, MAX_MANIFEST);
      if (!bytes) return ociError(res, 502, "MANIFEST_INVALID", `the manifest of ${name}:${ref} is larger than ${MAX_MANIFEST} bytes`, method === "HEAD");
      digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    }
    const image = `${upstreamHost}/${name}${byDigest ? `@${ref}` : `:${ref}`}`;
    const reference = `${upstreamHost}/${name}${byDigest ? "" : `:${ref}`}@${digest}`;
    const decision = await judgeManifest(image, reference, digest, gate).catch(async (err: unknown) => {
      await up.body.dump().catch(() => undefined);
      throw err;
    });
    if (!decision.allowed) {
      await up.body.dump().catch(() => undefined);
      logger.info("registry proxy: manifest refused", { image, digest, verdict: decision.verdict });
      return ociError(res, 403, "DENIED", decision.message, method === "HEAD");
    }
    if (bytes === undefined) return passThrough(res, up);
    const h = responseHeaders(up.headers, upstream);
    res.writeHead(200, { ...h, "content-length": String(bytes.length), "docker-content-digest": digest });
    res.end(method === "HEAD" ? undefined : bytes);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://proxy.invalid");
    if (url.pathname !== "/v2" && !url.pathname.startsWith("/v2/")) return ociError(res, 404, "NOT_FOUND", "the registry API is under /v2/");
    const method = req.method === "HEAD" ? "HEAD" : req.method === "GET" ? "GET" : undefined;
    if (!method) {
      res.setHeader("allow", "GET, HEAD");
      return ociError(res, 405, "UNSUPPORTED", "the Dredge registry proxy is read-only (GET and HEAD); push to the registry itself");
    }
    const path = `${url.pathname}${url.search}`;
    const m = MANIFEST_RE.exec(url.pathname);
    if (m) return manifest(req, res, path, m[1]!, m[2]!, method);
    return passThrough(res, await send(path, method, forwardedRequestHeaders(req)));
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      logger.warn("registry proxy: request failed", { url: req.url, error: errorMessage(err) });
      if (!res.headersSent) ociError(res, 502, "UNKNOWN", `the Dredge registry proxy could not complete the request: ${errorMessage(err)}`, req.method === "HEAD");
      else res.destroy();
    });
  };
  const server: Server = settings.tls ? (createHttpsServer(loadTls(settings.tls), listener) as unknown as Server) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.listen.port, settings.listen.host, () => (server.off("error", reject), resolve()));
  });
  const stopTls = settings.tls ? watchTls(server as unknown as HttpsServer, settings.tls, logger) : undefined;
  const address = server.address();
  const url = address && typeof address === "object" ? `${settings.tls ? "https" : "http"}://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : "";
  return {
    url,
    close: async () => {
      stopTls?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
