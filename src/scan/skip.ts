/**
 * `--skip-dirs` / `--skip-files` (Trivy's flags): glob patterns (picomatch, `**` crosses directories) on
 * paths inside the image or relative to the scanned directory, with or without a leading `/` or `./`. A
 * skipped directory hides everything under it. Image scans still read those files (the layer cache holds
 * what every analyzer found, so the next scan without the flags needs no re-read); what is found there is
 * dropped from the inventory and the findings. Directory scans do not even walk them.
 */
import picomatch from "picomatch";
import type { Inventory } from "../model/inventory.js";
import type { OtherFindings } from "./scanners.js";

export type PathSkipper = (path: string) => boolean;

const norm = (p: string): string => p.trim().replace(/^\.\//, "").replace(/^\/+/, "").replace(/\/+$/, "");

/** A predicate on paths, or undefined when nothing is skipped. */
export function pathSkipper(dirs: readonly string[], files: readonly string[]): PathSkipper | undefined {
  const d = dirs.map(norm).filter(Boolean);
  const f = files.map(norm).filter(Boolean);
  if (d.length === 0 && f.length === 0) return undefined;
  const dirMatch = d.length ? picomatch(d, { dot: true }) : () => false;
  const fileMatch = f.length ? picomatch(f, { dot: true }) : () => false;
  return (path: string): boolean => {
    const p = norm(path);
    if (fileMatch(p)) return true;
    for (let i = p.length; i > 0; i = p.lastIndexOf("/", i - 1)) if (dirMatch(p.slice(0, i))) return true;
    return false;
  };
}

/** Comma-separated patterns of a setting (`a,b` or repeated), empty when unset. */
export const patternList = (v: unknown): string[] => (typeof v === "string" ? v.split(",").map((x) => x.trim()).filter(Boolean) : []);

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
