/**
 * Namespaces: where a package name means one thing. Language ecosystems are a bare id (`npm`, `pypi`,
 * `maven`…); distributions are `<distro>:<release>` (`debian:12`, `alpine:3.16`, `ubuntu:22.04`,
 * `redhat:9`, `alma:9`, `rocky:9`, `sles:15.5`, `opensuse:15.5`, `mageia:9`); NVD's CPE rows are `cpe`,
 * package `vendor:product`. The full table is in docs/database.md; which ecosystem fills which namespace with
 * which version scheme is the one map of src/ecosystem/.
 */
import { osvEcosystem, storedOsvEcosystems } from "../ecosystem/index.js";
import type { VersionSchemeId } from "./model.js";

export { debianRelease } from "../distro/debian/release.js";
export { alpineRelease } from "../distro/alpine/release.js";

/** NVD CPE match rows: package `vendor:product` (lower case, CPE-unquoted), e.g. `nodejs:node.js`. */
export const CPE_NAMESPACE = "cpe";
/** CPE versions are free-form (`1.25.3`, `9.8-p7`, `1.8.0_391`): the generic scheme compares them. */
export const CPE_SCHEME: VersionSchemeId = "generic";

/** OSV ecosystem names whose records the database stores (before any `:release`). */
export const OSV_ECOSYSTEM_NAMES: readonly string[] = storedOsvEcosystems;

export interface ResolvedEcosystem {
  namespace: string;
  scheme: VersionSchemeId;
}

/**
 * OSV `affected[].package.ecosystem` → namespace. `AlmaLinux:9` → `alma:9`, `Ubuntu:22.04:LTS` →
 * `ubuntu:22.04`, `Ubuntu:Pro:16.04:LTS` → `ubuntu-pro:16.04`, `Debian:12` → `debian:12`,
 * `Alpine:v3.16` → `alpine:3.16`, `SUSE:Linux Enterprise Server 15 SP5` → `sles:15.5` (the release rules
 * are the distros', src/distro/<name>/). Undefined when the ecosystem is unknown or a distro ecosystem
 * lacks its release.
 */
export function osvNamespace(ecosystem: string): ResolvedEcosystem | undefined {
  const idx = ecosystem.indexOf(":");
  const base = idx < 0 ? ecosystem : ecosystem.slice(0, idx);
  const rest = idx < 0 ? "" : ecosystem.slice(idx + 1);
  const info = osvEcosystem(base);
  if (!info?.namespace) return undefined;
  if (!info.distro) return { namespace: info.namespace, scheme: info.scheme };
  if (!rest) return undefined;
  const release = info.release ? info.release(rest) : { release: rest.toLowerCase() };
  if (!release) return undefined;
  return { namespace: `${release.prefix ?? info.namespace}:${release.release}`, scheme: info.scheme };
}

/** Package names normalised per namespace, so lookups by name are exact. */
export function normalizePackageName(namespace: string, name: string): string {
  const n = name.trim();
  switch (namespace) {
    case "pypi":
      return n.toLowerCase().replace(/[-_.]+/g, "-"); // PEP 503
    case "npm":
    case "packagist":
    case "nuget":
    case "hex":
    case "pub":
    case "crates.io":
    case "swift": // repository URLs (`github.com/Alamofire/Alamofire`): hosts and GitHub paths ignore case
    case "conan":
    case CPE_NAMESPACE:
      return n.toLowerCase();
    case "maven":
      return n.replace("/", ":");
    default:
      return n;
  }
}
