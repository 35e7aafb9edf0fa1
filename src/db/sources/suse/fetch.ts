/**
 * SUSE CSAF: `<base>/csaf/index.txt` lists the advisories (`suse-su-2024_1234-1.json`, `opensuse-su-…`),
 * `<base>/csaf-vex/index.txt` the per-CVE VEX documents (`cve-2023-5568.json`); each listed file is fetched,
 * a few at a time. `suse:csaf` or `suse:csaf-vex` fetches one of the two. Locally: a directory (searched
 * recursively) of CSAF JSON, or one file.
 */
import { DredgeError } from "../../../errors.js";
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpText, joinUrl } from "../http.js";
import { fetchDocuments, type PerFileStats } from "../redhat/per-file.js";
import type { FetchContext, RawRecord } from "../types.js";

export const SUSE_URL = "https://ftp.suse.com/pub/projects/security";
const KINDS = ["csaf", "csaf-vex"] as const;
/** SUSE lists ~17,000 advisories and ~45,000 VEX documents; a listing far larger is not SUSE's. */
const MAX_LISTED = 1_000_000;

/** File names of an index.txt: one `.json` name per line, no paths. */
export function parseSuseIndex(text: string): string[] {
  const names = text.split("\n").map((l) => l.trim()).filter((l) => /^[\w.:+-]+\.json$/i.test(l));
  if (names.length > MAX_LISTED) throw new DredgeError("LIMIT_EXCEEDED", `SUSE index lists more than ${MAX_LISTED} files`);
  return names;
}

export async function* fetchSuse(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    const files = (await isDirectory(ctx.location)) ? await walkFiles(ctx.location, [".json"]) : [ctx.location];
    for (const f of files) yield await readRecordFile(f);
    return;
  }
  const kinds = ctx.selector ? KINDS.filter((k) => k === ctx.selector) : KINDS;
  if (kinds.length === 0) throw new DredgeError("USAGE", `unknown SUSE selector ${JSON.stringify(ctx.selector)}: use csaf or csaf-vex`);
  for (const kind of kinds) {
    const base = joinUrl(ctx.location, kind);
    const index = await httpText(joinUrl(base, "index.txt"), { logger: ctx.logger });
    const names = parseSuseIndex(index ?? "");
    ctx.logger.info("SUSE CSAF documents listed", { kind, count: names.length });
    const stats: PerFileStats = { fetched: 0, gone: 0 };
    yield* fetchDocuments(base, names, ctx.logger, stats, true);
  }
}
