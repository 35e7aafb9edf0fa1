/**
 * Leftovers of processes that died without cleaning up (SIGKILL, power loss): temp files and directories
 * are kept fresh by their owner (mtime touched every minute), so one that nobody touched for a while is
 * an orphan and the next run removes it. Only names matching the caller's own pattern, in its own
 * directory, are considered; no process ids are compared (a cache dir may be shared between containers).
 */
import { lstatSync, readdirSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { join } from "node:path";

export const HEARTBEAT_MS = 60_000;
/** An entry untouched for this long has no live owner. */
export const STALE_AFTER_MS = 15 * 60_000;

/** Touches each path every `everyMs` until the returned function is called (missing paths are skipped). */
export function keepFresh(paths: readonly string[], everyMs = HEARTBEAT_MS): () => void {
  const timer = setInterval(() => {
    const now = new Date();
    for (const p of paths) utimes(p, now, now).catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Removes the entries of `dir` whose name matches `pattern` and that are older than `maxAgeMs`; returns their names. */
export function removeStale(dir: string, pattern: RegExp, maxAgeMs = STALE_AFTER_MS, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const path = join(dir, name);
    try {
      if (now - lstatSync(path).mtimeMs < maxAgeMs) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Removed meanwhile by its owner or another run, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** `text` as a literal inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
