/**
 * Red Hat's VEX directory, fetched in bulk: `archive_latest.txt` → the `csaf_vex_YYYY-MM-DD.tar.zst`
 * archive (streamed to the scratch directory, then walked) → the documents `changes.csv` lists as changed
 * on or after the archive's date, fetched one by one. The writer merges rows of the same (namespace,
 * package, vulnerability, source), so a document must be written once: archive entries that a newer copy
 * will replace, and documents `deletions.csv` lists, are skipped. Without `archive_latest.txt` the old
 * path is used: `index.txt`, then every file.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../../util/log.js";
import { httpDownload, httpText, joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";
import { readVexArchive } from "./archive.js";
import { isSafeVexPath, parseArchiveLatest, parseChangeCsv, planDelta, vexKey, type ChangeRow, type DeltaPlan } from "./changes.js";
import { fetchDocuments, type PerFileStats } from "./per-file.js";

/** The archive is ~ 260 MB: allow a slow link more than the default request timeout. */
const ARCHIVE_TIMEOUT_MS = 60 * 60 * 1000;

export async function* fetchRedhatUpstream(ctx: FetchContext): AsyncGenerator<RawRecord> {
  const base = ctx.location;
  const latest = await httpText(joinUrl(base, "archive_latest.txt"), { logger: ctx.logger, allowNotFound: true });
  if (latest === undefined) {
    ctx.logger.warn("Red Hat archive_latest.txt not found: fetching every file listed in index.txt, one request each", { location: base });
    yield* fetchIndexed(base, ctx.logger);
    return;
  }
  const archive = parseArchiveLatest(latest);
  const plan = planDelta(await readCsv(base, "changes.csv", ctx.logger), await readCsv(base, "deletions.csv", ctx.logger), archive.date);
  ctx.setLastUpdate(new Date(Math.max(archive.date, plan.newest ?? 0)).toISOString());

  const file = join(ctx.tmpDir, archive.name);
  ctx.logger.info("downloading the Red Hat VEX archive", { url: joinUrl(base, archive.name) });
  await httpDownload(joinUrl(base, archive.name), file, { logger: ctx.logger, timeoutMs: ARCHIVE_TIMEOUT_MS });
  const counts = { fromArchive: 0, superseded: 0, deleted: 0 };
  try {
    for await (const e of readVexArchive(file, { label: archive.name, logger: ctx.logger })) {
      const verdict = judge(vexKey(e.path), e.mtimeMs, plan);
      if (verdict === "keep") {
        counts.fromArchive++;
        yield e.record;
      } else counts[verdict]++;
    }
  } finally {
    await rm(file, { force: true });
  }

  const stats: PerFileStats = { fetched: 0, gone: 0 };
  const paths = [...plan.refetch.values()].map((r) => r.path);
  yield* fetchDocuments(base, paths, ctx.logger, stats, true);
  ctx.logger.info("Red Hat VEX read", { archive: archive.name, ...counts, changedSince: paths.length, ...stats });
}

/**
 * What to do with an archive entry. An entry listed as changed since the archive's date is kept only when
 * its own mtime shows it already is that version (then it is not fetched again).
 */
function judge(key: string, mtimeMs: number | undefined, plan: DeltaPlan): "keep" | "superseded" | "deleted" {
  if (plan.deleted.has(key)) return "deleted";
  const newer = plan.refetch.get(key);
  if (!newer) return "keep";
  if (mtimeMs !== undefined && mtimeMs >= newer.time) {
    plan.refetch.delete(key);
    return "keep";
  }
  return "superseded";
}

async function readCsv(base: string, name: string, logger: Logger): Promise<Map<string, ChangeRow>> {
  const text = await httpText(joinUrl(base, name), { logger, allowNotFound: true });
  if (text === undefined) {
    logger.warn("Red Hat VEX index file not found: using the archive as it is", { file: name, location: base });
    return new Map();
  }
  return parseChangeCsv(text, name, logger);
}

/** The fallback: `index.txt`, then each listed file. */
async function* fetchIndexed(base: string, logger: Logger): AsyncGenerator<RawRecord> {
  const index = (await httpText(joinUrl(base, "index.txt"), { logger })) ?? "";
  const lines = index.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.endsWith(".json"));
  const paths = lines.filter(isSafeVexPath);
  if (paths.length < lines.length) logger.warn("skipped unsafe paths in Red Hat index.txt", { paths: lines.length - paths.length });
  yield* fetchDocuments(base, paths, logger, { fetched: 0, gone: 0 });
}
