/** Small helpers the distro folders share. */
import type { Package } from "../model/package.js";
import { fullVersion } from "../model/version.js";

/** Major release: `9.0` → `9`, `12` → `12`. */
export const major = (release: string): string => release.split(".")[0] ?? release;
/** Major.minor: `3.16.2` → `3.16`. */
export const majorMinor = (release: string): string => release.split(".").slice(0, 2).join(".");

/** Source package name first, then the binary name. */
export const sourceThenBinary = (p: Package): string[] => [...new Set([p.source?.name, p.name].filter((n): n is string => !!n))];

export const rpmVersion = (p: Package): string => fullVersion(p);

/** Rolling distributions without a VERSION_ID get the release `rolling`. */
export function rollingRelease(facts: { name: string }): void {
  if (!facts.name) facts.name = "rolling";
}
