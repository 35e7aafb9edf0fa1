/**
 * One HTTP POST of a notification: undici over an Agent whose every connection goes through the server's
 * SSRF guard (image/registry/guard.ts: resolved, refused on loopback/private/reserved addresses unless the
 * host is allowed, and pinned to the checked address), with a timeout, no redirects followed, and the
 * response body read up to a small limit and dropped. A 2xx is delivered; anything else is an attempt that failed.
 */
import type { Agent, buildConnector } from "undici";
import { errorMessage } from "../../errors.js";
import { connectGuard, type ConnectGuard, type Resolver } from "../../image/registry/index.js";
import type { WireMessage } from "./formats.js";

export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
  durationMs: number;
}

export interface Sender {
  post(url: string, message: WireMessage): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SenderOptions {
  timeoutMs: number;
  /** Hosts (`host` or `host:port`) that may be on loopback or private addresses (the operator's, or tests'). */
  allowHosts: readonly string[];
  resolver?: Resolver;
}

/** Connections to the address the guard checked (the URL's name stays the TLS server name and Host). */
function guarded(base: buildConnector.connector, guard: ConnectGuard): buildConnector.connector {
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === "https:" ? 443 : 80);
    guard.resolve(opts.hostname, port).then(
      (checked) => base({ ...opts, hostname: checked.address }, callback),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}

const MAX_ERROR_TEXT = 300;

export function httpSender(options: SenderOptions): Sender {
  const guard = connectGuard({ allowed: () => options.allowHosts, ...(options.resolver ? { resolver: options.resolver } : {}) });
  let agent: Promise<{ agent: Agent; request: typeof import("undici").request }> | undefined;
  const client = () =>
    (agent ??= import("undici").then((u) => ({
      request: u.request,
      agent: new u.Agent({
        connect: guarded(u.buildConnector({ timeout: options.timeoutMs }), guard),
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      }),
    })));
  return {
    async post(url, message) {
      const started = performance.now();
      const took = () => Math.round(performance.now() - started);
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const { agent: dispatcher, request } = await client();
        const res = await request(url, { method: "POST", headers: message.headers, body: message.body, dispatcher, signal });
        const text = await readSome(res.body, 2048);
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        return { ok, status: res.statusCode, ...(ok ? {} : { error: `HTTP ${res.statusCode}${text ? `: ${text.slice(0, MAX_ERROR_TEXT)}` : ""}` }), durationMs: took() };
      } catch (err) {
        const error = signal.aborted ? `no answer within ${options.timeoutMs} ms` : errorMessage(err);
        return { ok: false, error: error.slice(0, MAX_ERROR_TEXT), durationMs: took() };
      }
    },
    close: async () => {
      if (agent) await agent.then((a) => a.agent.close()).catch(() => undefined);
    },
  };
}

/** Up to `max` bytes of a response body as text; the rest is discarded. */
async function readSome(body: AsyncIterable<Buffer> & { destroy?: () => void }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    if (n < max) chunks.push(chunk.subarray(0, max - n));
    n += chunk.length;
    if (n > 64 * 1024) {
      body.destroy?.();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8").trim();
}
