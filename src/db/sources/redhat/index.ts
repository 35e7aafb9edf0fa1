/**
 * The `redhat` feed: Red Hat CSAF VEX (one document per CVE; upstream
 * https://security.access.redhat.com/data/csaf/v2/vex with an `index.txt` listing every file). Also reads
 * CSAF advisories (RHSA), which share the format. Local: a directory of CSAF JSON files.
 */
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpJson, httpText, joinUrl } from "../http.js";
import type { FeedSource, FetchContext, RawRecord } from "../types.js";
import { transformCsaf } from "./transform.js";
import { errorMessage } from "../../../errors.js";

export const REDHAT_VEX_URL = "https://security.access.redhat.com/data/csaf/v2/vex";
const PARALLEL = 8;

async function* fetchRedhat(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    const files = (await isDirectory(ctx.location)) ? await walkFiles(ctx.location, [".json"]) : [ctx.location];
    for (const f of files) yield await readRecordFile(f);
    return;
  }
  const index = (await httpText(joinUrl(ctx.location, "index.txt"), { logger: ctx.logger })) ?? "";
  const paths = index.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.endsWith(".json"));
  for (let i = 0; i < paths.length; i += PARALLEL) {
    const batch = paths.slice(i, i + PARALLEL).map(async (p): Promise<RawRecord> => {
      const url = joinUrl(ctx.location, p);
      try {
        return { id: p, origin: url, data: await httpJson(url, { logger: ctx.logger }) };
      } catch (err) {
        return { id: p, origin: url, data: undefined, error: errorMessage(err) };
      }
    });
    for (const r of await Promise.all(batch)) yield r;
  }
}

export const redhatSource: FeedSource = {
  name: "redhat",
  defaultLocation: REDHAT_VEX_URL,
  description: "Red Hat CSAF VEX (per-CVE product status for RHEL)",
  fetch: fetchRedhat,
  transform: transformCsaf,
};
