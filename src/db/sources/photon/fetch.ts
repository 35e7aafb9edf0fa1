/**
 * Photon OS CVE metadata: one JSON array per release, `<base>/cve_data_photon<release>.json`, the releases
 * listed by `<base>/photon_versions.json` (`{"branches": ["3.0", "4.0", "5.0"]}`). Locally: a directory of
 * those files, or of vuln-list's split (`<release>/<pkg>/<id>.json`, one record with `os_version`).
 */
import { basename } from "node:path";
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpJson, joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";

export const PHOTON_URL = "https://packages.broadcom.com/photon/photon_cve_metadata";
/** Releases fetched when the index cannot be read (the supported ones). */
const DEFAULT_RELEASES = ["3.0", "4.0", "5.0"];
/** The largest release file holds ~60,000 entries; far more is not a Photon file. */
export const MAX_PHOTON_ENTRIES = 1_000_000;

export interface PhotonRaw {
  release: string;
  entry: unknown;
}

const releaseOfFile = (file: string): string | undefined => /cve_data_photon(\d+\.\d+)\.json$/i.exec(basename(file))?.[1];

/** One file's JSON → records: an array (the vendor file) or one object (vuln-list's split). */
export function photonRecords(data: unknown, origin: string, release: string | undefined): RawRecord[] {
  const list = Array.isArray(data) ? data : [data];
  if (list.length > MAX_PHOTON_ENTRIES) return [{ id: origin, origin, data: undefined, error: `more than ${MAX_PHOTON_ENTRIES} entries` }];
  return list.map((entry, i) => {
    const e = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const rel = typeof e.os_version === "string" ? e.os_version : release;
    const id = `${rel ?? "?"}/${typeof e.pkg === "string" ? e.pkg : "?"}/${typeof e.cve_id === "string" ? e.cve_id : `[${i}]`}`;
    if (!rel) return { id, origin, data: undefined, error: "no Photon release (file name or os_version)" };
    const raw: PhotonRaw = { release: rel, entry };
    return { id, origin, data: raw };
  });
}

async function releases(ctx: FetchContext): Promise<string[]> {
  if (ctx.selector) return [ctx.selector];
  const index = await httpJson(joinUrl(ctx.location, "photon_versions.json"), { logger: ctx.logger, allowNotFound: true });
  const branches = (index as { branches?: unknown } | undefined)?.branches;
  const listed = Array.isArray(branches) ? branches.filter((b): b is string => typeof b === "string" && /^\d+\.\d+$/.test(b)) : [];
  return listed.length > 0 ? listed : DEFAULT_RELEASES;
}

export async function* fetchPhoton(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    const files = (await isDirectory(ctx.location)) ? await walkFiles(ctx.location, [".json"]) : [ctx.location];
    for (const f of files) {
      if (basename(f) === "photon_versions.json") continue;
      const rec = await readRecordFile(f);
      if (rec.error) yield rec;
      else yield* photonRecords(rec.data, f, releaseOfFile(f));
    }
    return;
  }
  for (const release of await releases(ctx)) {
    const url = joinUrl(ctx.location, `cve_data_photon${release}.json`);
    const data = await httpJson(url, { logger: ctx.logger, allowNotFound: true });
    if (data === undefined) {
      ctx.logger.warn("no Photon CVE metadata for this release", { release, url });
      continue;
    }
    yield* photonRecords(data, url, release);
  }
}
