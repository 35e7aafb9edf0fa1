/**
 * Debian security tracker: the tracker JSON (`{source-package: {CVE: {description, releases: {codename:
 * {status, fixed_version, urgency, nodsa, nodsa_reason}}}}}`), plus the DSA/DLA lists for advisory ids.
 * Local: the JSON file, or a directory holding it (`json`, `*.json`) and optionally `DSA/list`,
 * `DLA/list` (or `DSA-list.txt`, `DLA-list.txt`). One record per (source package, CVE).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { DredgeError } from "../../../errors.js";
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpJson, httpText } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";
import { advisoryKey, parseAdvisoryList, type AdvisoryIndex } from "./lists.js";

export const DEBIAN_TRACKER_URL = "https://security-tracker.debian.org/tracker/data/json";
export const DEBIAN_LISTS_BASE = "https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data";

export interface DebianRaw {
  pkg: string;
  cve: string;
  entry: unknown;
  /** codename → advisory ids */
  advisories: Record<string, string[]>;
}

/**
 * Where the lists are: salsa for upstream; for a mirror serving `<prefix>/tracker/data/json`, the
 * security-tracker `data/` directory at `<prefix>/data/`.
 */
function listsBase(location: string): string {
  if (location === DEBIAN_TRACKER_URL) return DEBIAN_LISTS_BASE;
  const prefix = location.replace(/\/tracker\/data\/json\/?$/, "");
  return `${prefix === location ? new URL(location).origin : prefix}/data`;
}

async function loadLists(ctx: FetchContext, jsonFile?: string): Promise<AdvisoryIndex> {
  const index: AdvisoryIndex = new Map();
  for (const kind of ["DSA", "DLA"]) {
    let text: string | undefined;
    if (ctx.local) {
      const dir = jsonFile ? dirname(jsonFile) : ctx.location;
      const file = [join(dir, kind, "list"), join(dir, `${kind}-list.txt`)].find((f) => existsSync(f));
      text = file ? await readFile(file, "utf8") : undefined;
    } else {
      text = await httpText(`${listsBase(ctx.location)}/${kind}/list`, { logger: ctx.logger, allowNotFound: true });
    }
    if (text === undefined) ctx.logger.info("Debian advisory list not found", { list: kind, location: ctx.location });
    else parseAdvisoryList(text, index);
  }
  return index;
}

async function loadTracker(ctx: FetchContext): Promise<{ data: unknown; file?: string }> {
  if (!ctx.local) return { data: await httpJson(ctx.location, { logger: ctx.logger }) };
  let file = ctx.location;
  if (await isDirectory(file)) {
    const candidates = [join(file, "json"), ...(await walkFiles(file, [".json"]))];
    const found = candidates.find((f) => existsSync(f));
    if (!found) throw new DredgeError("IO_ERROR", `no Debian tracker JSON under ${ctx.location}`);
    file = found;
  }
  const rec = await readRecordFile(file);
  if (rec.error) throw new DredgeError("PARSE_ERROR", `Debian tracker JSON ${file}: ${rec.error}`);
  return { data: rec.data, file };
}

export async function* fetchDebian(ctx: FetchContext): AsyncGenerator<RawRecord> {
  const { data, file } = await loadTracker(ctx);
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new DredgeError("PARSE_ERROR", `${file ?? ctx.location} is not Debian security tracker JSON`);
  }
  const lists = await loadLists(ctx, file);
  const origin = file ?? ctx.location;
  for (const [pkg, cves] of Object.entries(data as Record<string, unknown>)) {
    if (typeof cves !== "object" || cves === null) {
      yield { id: pkg, origin, data: undefined, error: "package entry is not an object" };
      continue;
    }
    for (const [cve, entry] of Object.entries(cves as Record<string, unknown>)) {
      const releases = (entry as { releases?: Record<string, unknown> } | null)?.releases ?? {};
      const advisories: Record<string, string[]> = {};
      for (const codename of Object.keys(releases)) {
        const ids = lists.get(advisoryKey(codename, pkg, cve));
        if (ids) advisories[codename] = ids;
      }
      const raw: DebianRaw = { pkg, cve, entry, advisories };
      yield { id: `${pkg}/${cve}`, origin, data: raw };
    }
  }
}
