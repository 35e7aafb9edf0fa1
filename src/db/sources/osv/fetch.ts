/**
 * OSV exports: `<base>/<ECOSYSTEM>/all.zip` per ecosystem (upstream: the osv-vulnerabilities bucket), or a
 * local mirror — a directory searched recursively for OSV JSON/YAML files and zips, or one all.zip.
 */
import { join } from "node:path";
import { fetchedOsvEcosystems } from "../../../ecosystem/index.js";
import { DredgeError } from "../../../errors.js";
import { isDirectory, readRecordFile, readZipRecords, walkFiles } from "../files.js";
import { httpDownload, joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";

export const OSV_DEFAULT_BASE = "https://osv-vulnerabilities.storage.googleapis.com";

/** Ecosystems fetched by `--source osv` (all.zip names in the bucket): those the ecosystem map stores. */
export const OSV_DEFAULT_ECOSYSTEMS: readonly string[] = fetchedOsvEcosystems;

/** Fetches each ecosystem's all.zip from `base` and yields its records. */
export async function* fetchOsvZips(ctx: FetchContext, ecosystems: readonly string[]): AsyncGenerator<RawRecord> {
  let n = 0;
  for (const eco of ecosystems) {
    const url = joinUrl(ctx.location, `${encodeURIComponent(eco)}/all.zip`);
    const file = join(ctx.tmpDir, `osv-${n++}.zip`);
    ctx.logger.info("downloading OSV export", { url });
    await httpDownload(url, file, { logger: ctx.logger });
    yield* readZipRecords(file, url);
  }
}

/** A local mirror: directory (recursive: .json, .yaml, .yml, .zip) or a single zip / record file. */
export async function* readOsvLocal(path: string): AsyncGenerator<RawRecord> {
  if (!(await isDirectory(path))) {
    if (path.toLowerCase().endsWith(".zip")) yield* readZipRecords(path, path);
    else yield await readRecordFile(path);
    return;
  }
  const files = await walkFiles(path, [".json", ".yaml", ".yml", ".zip"]);
  if (files.length === 0) throw new DredgeError("IO_ERROR", `no OSV files (.json, .yaml, .zip) under ${path}`);
  for (const f of files) {
    if (f.toLowerCase().endsWith(".zip")) yield* readZipRecords(f, f);
    else yield await readRecordFile(f);
  }
}
