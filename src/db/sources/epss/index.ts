/**
 * The `epss` feed: FIRST EPSS daily CSV (gzipped upstream): a `#model_version:…,score_date:…` comment line,
 * a `cve,epss,percentile` header, then one row per CVE.
 */
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { DredgeError, errorMessage } from "../../../errors.js";
import { httpBuffer } from "../http.js";
import { emptyOutput, MalformedRecord, type FeedSource, type FetchContext, type RawRecord } from "../types.js";

export const EPSS_URL = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz";
const MAX_CSV_BYTES = 1024 * 1024 * 1024;

async function loadText(ctx: FetchContext): Promise<string> {
  let buf: Buffer;
  if (ctx.local) buf = await readFile(ctx.location);
  else buf = (await httpBuffer(ctx.location, { logger: ctx.logger })) ?? Buffer.alloc(0);
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: MAX_CSV_BYTES });
    } catch (err) {
      throw new DredgeError("PARSE_ERROR", `cannot gunzip EPSS file ${ctx.location}: ${errorMessage(err)}`, { cause: err });
    }
  }
  return buf.toString("utf8");
}

async function* fetchEpss(ctx: FetchContext): AsyncGenerator<RawRecord> {
  const lines = (await loadText(ctx)).split(/\r?\n/);
  let date: string | undefined;
  let header = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (!line) continue;
    if (line.startsWith("#")) {
      const m = /score_date:([0-9T:+\-.Z]+)/.exec(line);
      if (m?.[1]) {
        date = m[1].slice(0, 10);
        ctx.setLastUpdate(m[1]);
      }
      continue;
    }
    if (!header && /^cve,/i.test(line)) {
      header = true;
      continue;
    }
    yield { id: line.split(",")[0] || `line ${i + 1}`, origin: `${ctx.location}:${i + 1}`, data: { line, date } };
  }
}

export const epssSource: FeedSource = {
  name: "epss",
  defaultLocation: EPSS_URL,
  description: "FIRST EPSS daily scores (CSV)",
  fetch: fetchEpss,
  transform(raw) {
    const { line, date } = raw.data as { line: string; date?: string };
    const [cve, score, pct] = line.split(",");
    const s = Number(score);
    const p = Number(pct);
    if (!cve || !/^CVE-\d{4}-\d+$/.test(cve) || !Number.isFinite(s) || !Number.isFinite(p) || s < 0 || s > 1 || p < 0 || p > 1) {
      throw new MalformedRecord(`not an EPSS row: ${JSON.stringify(line.slice(0, 80))}`);
    }
    return { ...emptyOutput(), epss: [{ cveId: cve, score: s, percentile: p, ...(date ? { date } : {}) }] };
  },
};
