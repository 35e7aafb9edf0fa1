/** HTTP for feeds: built-in fetch with timeouts, retries on 429/5xx honouring Retry-After, size limits. */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DredgeError, errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";

export interface HttpOptions {
  logger: Logger;
  headers?: Record<string, string>;
  retries?: number;
  timeoutMs?: number;
  /** A 404 returns undefined instead of throwing. */
  allowNotFound?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function retryDelay(res: Response | undefined, attempt: number): number {
  const ra = res?.headers.get("retry-after");
  if (ra) {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return Math.min(secs * 1000, 120_000);
    const at = Date.parse(ra);
    if (Number.isFinite(at)) return Math.min(Math.max(at - Date.now(), 0), 120_000);
  }
  return Math.min(1000 * 2 ** attempt, 30_000);
}

/** GET with retries; throws a DredgeError naming the URL on failure. */
export async function httpGet(url: string, opts: HttpOptions): Promise<Response | undefined> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetch(url, { headers: opts.headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 300_000) });
    } catch (err) {
      if (attempt >= retries) throw new DredgeError("NETWORK", `cannot fetch ${url}: ${errorMessage(err)}`, { cause: err });
    }
    if (res?.ok) return res;
    if (res?.status === 404 && opts.allowNotFound) return undefined;
    const retryable = res === undefined || res.status === 429 || res.status >= 500;
    if (!retryable || attempt >= retries) {
      await res?.body?.cancel();
      const code = res?.status === 429 ? "RATE_LIMITED" : "NETWORK";
      throw new DredgeError(code, `fetching ${url} failed: HTTP ${res?.status ?? "error"}`, {
        hint: "Check the source URL, or build from a local mirror with --source NAME=PATH.",
      });
    }
    await res?.body?.cancel();
    const wait = retryDelay(res, attempt);
    opts.logger.warn("feed request failed, retrying", { url, status: res?.status, waitMs: wait });
    await sleep(wait);
  }
}

/** Largest response read into memory (the Debian tracker JSON, the biggest, is ~ 80 MiB). */
export const MAX_TEXT_BYTES = 1024 * 1024 * 1024;
/** Largest download written to disk (the largest OSV all.zip is a few GiB at most). */
export const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024 * 1024;

async function* capped(body: AsyncIterable<Uint8Array>, url: string, max: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new DredgeError("LIMIT_EXCEEDED", `response from ${url} is larger than ${max} bytes`);
    yield chunk;
  }
}

export async function httpBuffer(url: string, opts: HttpOptions): Promise<Buffer | undefined> {
  const res = await httpGet(url, opts);
  if (!res?.body) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const c of capped(res.body as AsyncIterable<Uint8Array>, url, MAX_TEXT_BYTES)) chunks.push(c);
  return Buffer.concat(chunks);
}

export async function httpText(url: string, opts: HttpOptions): Promise<string | undefined> {
  return (await httpBuffer(url, opts))?.toString("utf8");
}

export async function httpJson(url: string, opts: HttpOptions): Promise<unknown> {
  const text = await httpText(url, opts);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new DredgeError("PARSE_ERROR", `invalid JSON from ${url}: ${errorMessage(err)}`, { cause: err });
  }
}

/** Streams a response body to `file`; false on 404 when allowed. */
export async function httpDownload(url: string, file: string, opts: HttpOptions): Promise<boolean> {
  const res = await httpGet(url, opts);
  if (!res?.body) return false;
  const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  try {
    await pipeline(capped(body, url, MAX_DOWNLOAD_BYTES), createWriteStream(file));
  } catch (err) {
    // A transfer cut or timed out halfway is a network failure, not a bug.
    if (err instanceof DredgeError) throw err;
    throw new DredgeError("NETWORK", `downloading ${url} failed: ${errorMessage(err)}`, { cause: err, hint: "Build again; the previous database is unchanged." });
  }
  return true;
}

/** At most `max` requests per `windowMs` (NVD: 5 per 30 s without a key, 50 with one). */
export class RateLimiter {
  private readonly stamps: number[] = [];
  constructor(private readonly max: number, private readonly windowMs: number) {}

  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (this.stamps.length > 0 && now - (this.stamps[0] ?? 0) >= this.windowMs) this.stamps.shift();
      if (this.stamps.length < this.max) {
        this.stamps.push(now);
        return;
      }
      await sleep(this.windowMs - (now - (this.stamps[0] ?? now)) + 10);
    }
  }
}

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
