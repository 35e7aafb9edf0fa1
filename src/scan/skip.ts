/**
 * `--skip-dirs` / `--skip-files` (Trivy's flags): globs (src/policy/glob.ts: `*`, `?`, `[…]`, `**` across
 * directories) on paths inside the image or relative to the scanned directory, with or without a leading
 * `/` or `./`. A skipped directory hides everything under it; a file glob matches files only. Image scans
 * still read those files (the layer cache holds what every analyzer found, so the next scan without the
 * flags needs no re-read) and what is found there is dropped; directory scans do not even walk them.
 */
import { globMatcher } from "../policy/glob.js";
import type { Inventory } from "../model/inventory.js";
import type { OtherFindings } from "./scanners.js";

/** `isDir`: the path is a directory (a walk knows; a package's location is a file). */
export type PathSkipper = (path: string, isDir?: boolean) => boolean;

const any = (preds: ((p: string) => boolean)[], p: string): boolean => preds.some((m) => m(p));
const parentOf = (p: string): string => p.slice(0, Math.max(0, p.replace(/\/+$/, "").lastIndexOf("/")));

/** A predicate on paths, or undefined when nothing is skipped. */
export function pathSkipper(dirs: readonly string[], files: readonly string[]): PathSkipper | undefined {
  const d = dirs.map((g) => g.trim()).filter(Boolean);
  const f = files.map((g) => g.trim()).filter(Boolean);
  if (d.length === 0 && f.length === 0) return undefined;
  const dirExact = d.map((g) => globMatcher(g));
  const dirOrBelow = d.map((g) => globMatcher(g, { under: true }));
  const file = f.map((g) => globMatcher(g));
  return (path, isDir = false) =>
    any(dirOrBelow, parentOf(path)) || (isDir ? any(dirExact, path) : any(file, path));
}

/** The inventory without packages found only in skipped paths (their other locations stay). */
export function skipInventory(inv: Inventory, skip: PathSkipper): Inventory {
  const packages = inv.packages.flatMap((p) => {
    const locations = p.locations.filter((l) => !skip(l.path));
    if (locations.length === p.locations.length) return [p];
    return locations.length ? [{ ...p, locations }] : [];
  });
  return { ...inv, packages };
}

/** Secrets, misconfigurations and licence findings outside skipped paths. */
export function skipOther(other: OtherFindings, skip: PathSkipper): OtherFindings {
  return {
    secrets: other.secrets.filter((s) => !skip(s.path)),
    misconfigs: other.misconfigs.filter((m) => !m.location?.path || !skip(m.location.path)),
    licenses: other.licenses.filter((l) => !(l.path ?? l.package?.path) || !skip((l.path ?? l.package?.path) as string)),
  };
}
