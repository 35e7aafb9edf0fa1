/** What matching needs to know about a distro: where its advisories live and how it names versions. */
import type { OSInfo, Package } from "../model/package.js";
import { fullVersion } from "../model/version.js";
import type { SchemeId } from "../versioning/types.js";

export interface DistroSpec {
  /** OS families (OSInfo.family) this spec serves. */
  families: readonly string[];
  /** Package type the distro's database holds. */
  packageType: "deb" | "apk" | "rpm";
  scheme: SchemeId;
  /** Namespaces to look in, in order of preference (the distro's own data first). */
  namespaces(os: OSInfo): string[];
  /** Names the advisories use for this package (source package, binary package…). */
  names(pkg: Package): string[];
  /** The version to compare with the advisory's ranges. */
  version(pkg: Package): string;
  /** rpm: packages whose Vendor does not match were not built by the distro and are not matched. */
  vendor?: RegExp;
  /** Feed sources whose verdicts are the vendor's own (preferred over OSV copies). */
  vendorSources: readonly string[];
}

/** Major release: `9.0` → `9`, `12` → `12`. */
export const major = (release: string): string => release.split(".")[0] ?? release;
/** Major.minor: `3.16.2` → `3.16`. */
export const majorMinor = (release: string): string => release.split(".").slice(0, 2).join(".");

/** Source package name first, then the binary name. */
export const sourceThenBinary = (p: Package): string[] => [...new Set([p.source?.name, p.name].filter((n): n is string => !!n))];

export const rpmVersion = (p: Package): string => fullVersion(p);
