/**
 * The index files next to Red Hat's VEX archive: `archive_latest.txt` names the newest
 * `csaf_vex_YYYY-MM-DD.tar.zst`; `changes.csv` and `deletions.csv` are `"path","timestamp"` rows (newest
 * first) of the documents changed or removed. From them: which archive entries are stale or deleted, and
 * which documents must be fetched one by one after the archive.
 */
import { DredgeError } from "../../../errors.js";
import type { Logger } from "../../../util/log.js";

export interface ChangeRow {
  /** Path relative to the VEX directory (`2024/cve-2024-0208.json`). */
  path: string;
  /** Milliseconds since the epoch. */
  time: number;
}

/** A document's identity across the archive and the CSV files: its file name, lower-cased. */
export const vexKey = (path: string): string => (path.slice(path.lastIndexOf("/") + 1) || path).toLowerCase();

/** Relative paths only: a row becomes a URL under the VEX directory, never anywhere else. */
const safePath = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.json$/;

export function isSafeVexPath(path: string): boolean {
  return safePath.test(path) && !path.split("/").includes("..");
}

const archiveName = /^csaf_vex_(\d{4}-\d{2}-\d{2})\.tar\.zst$/;

/** The archive's file name (validated) and its date, midnight UTC in ms. */
export function parseArchiveLatest(text: string): { name: string; date: number } {
  const name = text.trim().split(/\s+/)[0] ?? "";
  const m = archiveName.exec(name);
  const date = m?.[1] ? Date.parse(`${m[1]}T00:00:00Z`) : NaN;
  if (!m || !Number.isFinite(date)) {
    throw new DredgeError("PARSE_ERROR", `archive_latest.txt names ${JSON.stringify(name.slice(0, 200))}, expected csaf_vex_YYYY-MM-DD.tar.zst`, {
      hint: "the Red Hat VEX directory changed its layout, or the source URL is not a VEX directory",
    });
  }
  return { name, date };
}

/** `"path","timestamp"` rows by vexKey, keeping the newest row of each document. Bad rows are skipped with one warning. */
export function parseChangeCsv(text: string, file: string, logger: Logger): Map<string, ChangeRow> {
  const out = new Map<string, ChangeRow>();
  let bad = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const cells = line.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    const [path = "", stamp = ""] = cells;
    const time = Date.parse(stamp);
    if (cells.length !== 2 || !isSafeVexPath(path) || !Number.isFinite(time)) {
      bad++;
      continue;
    }
    const key = vexKey(path);
    const seen = out.get(key);
    if (!seen || seen.time < time) out.set(key, { path, time });
  }
  if (bad > 0) logger.warn("skipped unreadable rows of a Red Hat VEX index file", { file, rows: bad });
  return out;
}

export interface DeltaPlan {
  /** Documents changed on or after the archive's date (and not deleted since), by vexKey. */
  refetch: Map<string, ChangeRow>;
  /** Documents whose newest event is a deletion. */
  deleted: Set<string>;
  /** Newest change or deletion listed, ms (undefined when both files are empty). */
  newest?: number;
}

/** `cutoff`: the archive's date; anything changed on or after it may be missing from the archive. */
export function planDelta(changes: Map<string, ChangeRow>, deletions: Map<string, ChangeRow>, cutoff: number): DeltaPlan {
  const deleted = new Set<string>();
  let newest: number | undefined;
  const seen = (t: number): void => void (newest = newest === undefined ? t : Math.max(newest, t));
  for (const [key, del] of deletions) {
    seen(del.time);
    const chg = changes.get(key);
    if (!chg || del.time >= chg.time) deleted.add(key);
  }
  const refetch = new Map<string, ChangeRow>();
  for (const [key, chg] of changes) {
    seen(chg.time);
    if (chg.time >= cutoff && !deleted.has(key)) refetch.set(key, chg);
  }
  return newest === undefined ? { refetch, deleted } : { refetch, deleted, newest };
}
