/**
 * NVD CVE API 2.0: pages of `resultsPerPage` from `startIndex`, at most 5 requests per 30 s without an API
 * key (50 with one, sent as the `apiKey` header). Incremental: with `since`, only CVEs modified after it,
 * in windows of at most 120 days (the API's limit). Local: API pages or NVD 2.0 JSON feed files
 * (`.json`, `.json.gz`), a file or a directory.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { DredgeError } from "../../../errors.js";
import { isDirectory, parseRecordText, walkFiles } from "../files.js";
import { httpJson, RateLimiter } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";

export const NVD_URL = "https://services.nvd.nist.gov/rest/json/cves/2.0";
const PAGE = 2000;
const WINDOW_MS = 120 * 24 * 3600 * 1000;

interface Page { totalResults?: number; resultsPerPage?: number; vulnerabilities?: unknown[] }

function* pageRecords(data: unknown, origin: string): Generator<RawRecord> {
  const list = (data as Page | null)?.vulnerabilities;
  if (!Array.isArray(list)) {
    yield { id: origin, origin, data: undefined, error: "not an NVD API page (no vulnerabilities list)" };
    return;
  }
  for (const [i, item] of list.entries()) {
    const id = (item as { cve?: { id?: unknown } } | null)?.cve?.id;
    yield { id: typeof id === "string" ? id : `vulnerabilities[${i}]`, origin, data: item };
  }
}

function windows(since: string | undefined, now: Date): ({ start: string; end: string } | undefined)[] {
  if (!since) return [undefined];
  const out: { start: string; end: string }[] = [];
  for (let t = Date.parse(since); t < now.getTime(); t += WINDOW_MS) {
    out.push({ start: new Date(t).toISOString(), end: new Date(Math.min(t + WINDOW_MS, now.getTime())).toISOString() });
  }
  return out;
}

async function* fetchApi(ctx: FetchContext): AsyncGenerator<RawRecord> {
  const limiter = ctx.apiKey ? new RateLimiter(50, 30_000) : new RateLimiter(5, 30_000);
  const headers = ctx.apiKey ? { apiKey: ctx.apiKey } : undefined;
  for (const w of windows(ctx.since, new Date())) {
    for (let start = 0, total = 1; start < total; ) {
      const url = new URL(ctx.location);
      url.searchParams.set("startIndex", String(start));
      url.searchParams.set("resultsPerPage", String(PAGE));
      if (w) {
        url.searchParams.set("lastModStartDate", w.start);
        url.searchParams.set("lastModEndDate", w.end);
      }
      await limiter.take();
      const page = (await httpJson(url.toString(), { logger: ctx.logger, ...(headers ? { headers } : {}) })) as Page | undefined;
      const n = page?.vulnerabilities?.length ?? 0;
      total = page?.totalResults ?? 0;
      yield* pageRecords(page, url.toString());
      if (n === 0) break;
      start += n;
    }
  }
}

async function* readLocal(path: string): AsyncGenerator<RawRecord> {
  const files = (await isDirectory(path)) ? await walkFiles(path, [".json", ".gz"]) : [path];
  if (files.length === 0) throw new DredgeError("IO_ERROR", `no NVD JSON files under ${path}`);
  for (const f of files) {
    let buf = await readFile(f);
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf, { maxOutputLength: 2 ** 31 - 1 });
    const rec = parseRecordText(buf.toString("utf8"), f.replace(/\.gz$/, ""), f);
    if (rec.error) yield rec;
    else yield* pageRecords(rec.data, f);
  }
}

export function fetchNvd(ctx: FetchContext): AsyncIterable<RawRecord> {
  return ctx.local ? readLocal(ctx.location) : fetchApi(ctx);
}
