/**
 * Namespaces: where a package name means one thing. Language ecosystems are a bare id (`npm`, `pypi`,
 * `maven`…); distributions are `<distro>:<release>` (`debian:12`, `alpine:3.16`, `ubuntu:22.04`,
 * `redhat:9`, `alma:9`, `rocky:9`, `sles:15.5`, `opensuse:15.5`, `mageia:9`); NVD's CPE rows are `cpe`,
 * package `vendor:product`. The full table is in docs/database.md.
 */
import type { VersionSchemeId } from "./model.js";
import { ownValue } from "../util/own.js";

/** NVD CPE match rows: package `vendor:product` (lower case, CPE-unquoted), e.g. `nodejs:node.js`. */
export const CPE_NAMESPACE = "cpe";
/** CPE versions are free-form (`1.25.3`, `9.8-p7`, `1.8.0_391`): the generic scheme compares them. */
export const CPE_SCHEME: VersionSchemeId = "generic";

export interface EcosystemInfo {
  /** Namespace id, or the distro prefix when `release` is required. */
  namespace: string;
  scheme: VersionSchemeId;
  distro: boolean;
}

/** OSV ecosystem name (before any `:release`) → namespace. */
const OSV_ECOSYSTEMS: Record<string, EcosystemInfo> = {
  npm: { namespace: "npm", scheme: "semver", distro: false },
  PyPI: { namespace: "pypi", scheme: "pep440", distro: false },
  Maven: { namespace: "maven", scheme: "maven", distro: false },
  Go: { namespace: "go", scheme: "go", distro: false },
  "crates.io": { namespace: "crates.io", scheme: "semver", distro: false },
  RubyGems: { namespace: "rubygems", scheme: "gem", distro: false },
  Packagist: { namespace: "packagist", scheme: "composer", distro: false },
  NuGet: { namespace: "nuget", scheme: "nuget", distro: false },
  Hex: { namespace: "hex", scheme: "semver", distro: false },
  Pub: { namespace: "pub", scheme: "semver", distro: false },
  // OSV names Swift packages by repository URL (`github.com/apple/swift-nio`), as Package.resolved does.
  SwiftURL: { namespace: "swift", scheme: "semver", distro: false },
  ConanCenter: { namespace: "conan", scheme: "generic", distro: false },
  "GitHub Actions": { namespace: "github-actions", scheme: "semver", distro: false },
  Debian: { namespace: "debian", scheme: "deb", distro: true },
  Ubuntu: { namespace: "ubuntu", scheme: "deb", distro: true },
  Alpine: { namespace: "alpine", scheme: "apk", distro: true },
  AlmaLinux: { namespace: "alma", scheme: "rpm", distro: true },
  "Rocky Linux": { namespace: "rocky", scheme: "rpm", distro: true },
  SUSE: { namespace: "sles", scheme: "rpm", distro: true },
  openSUSE: { namespace: "opensuse", scheme: "rpm", distro: true },
  "Red Hat": { namespace: "redhat", scheme: "rpm", distro: true },
  Mageia: { namespace: "mageia", scheme: "rpm", distro: true },
};

export const OSV_ECOSYSTEM_NAMES: readonly string[] = Object.keys(OSV_ECOSYSTEMS);

const DEBIAN_CODENAMES: Record<string, string> = {
  hamm: "2.0", slink: "2.1", potato: "2.2", woody: "3.0", sarge: "3.1", etch: "4", lenny: "5", squeeze: "6",
  wheezy: "7", jessie: "8", stretch: "9", buster: "10", bullseye: "11", bookworm: "12", trixie: "13",
  forky: "14", duke: "15", sid: "sid",
};

/** `bookworm` → `12`; an unknown codename stays as it is (lower case). */
export function debianRelease(codename: string): string {
  const c = codename.trim().toLowerCase();
  return ownValue(DEBIAN_CODENAMES, c) ?? c;
}

/** `v3.16` → `3.16`, `edge` stays `edge`. */
export function alpineRelease(branch: string): string {
  return branch.trim().toLowerCase().replace(/^v/, "");
}

export interface ResolvedEcosystem {
  namespace: string;
  scheme: VersionSchemeId;
}

/**
 * OSV `affected[].package.ecosystem` → namespace. `AlmaLinux:9` → `alma:9`, `Ubuntu:22.04:LTS` →
 * `ubuntu:22.04`, `Ubuntu:Pro:16.04:LTS` → `ubuntu-pro:16.04`, `Debian:12` → `debian:12`,
 * `Alpine:v3.16` → `alpine:3.16`, `SUSE:Linux Enterprise Server 15 SP5` → `sles:15.5`.
 * Undefined when the ecosystem is unknown or a distro ecosystem lacks its release.
 */
export function osvNamespace(ecosystem: string): ResolvedEcosystem | undefined {
  const idx = ecosystem.indexOf(":");
  const base = idx < 0 ? ecosystem : ecosystem.slice(0, idx);
  const rest = idx < 0 ? "" : ecosystem.slice(idx + 1);
  const info = ownValue(OSV_ECOSYSTEMS, base);
  if (!info) return undefined;
  if (!info.distro) return { namespace: info.namespace, scheme: info.scheme };
  const release = distroRelease(base, rest);
  if (!release) return undefined;
  return { namespace: `${release.prefix ?? info.namespace}:${release.release}`, scheme: info.scheme };
}

function distroRelease(base: string, rest: string): { release: string; prefix?: string } | undefined {
  if (!rest) return undefined;
  switch (base) {
    case "Ubuntu": {
      const parts = rest.split(":").filter((p) => p !== "LTS");
      if (parts[0] === "Pro") return { prefix: "ubuntu-pro", release: parts.slice(1).join(":") };
      return parts[0] ? { release: parts[0] } : undefined;
    }
    case "Debian":
      return { release: debianRelease(rest) };
    case "Alpine":
      return { release: alpineRelease(rest) };
    case "SUSE":
    case "openSUSE":
      return { release: suseRelease(rest) };
    default:
      return { release: rest.toLowerCase() };
  }
}

/** `Linux Enterprise Server 15 SP5` → `15.5`; `Leap 15.5` → `15.5`; otherwise the text, lower case. */
function suseRelease(text: string): string {
  const sp = /(\d+)\s+SP(\d+)/i.exec(text);
  if (sp) return `${sp[1]}.${sp[2]}`;
  const num = /(\d+(?:\.\d+)?)/.exec(text);
  return num?.[1] ?? text.toLowerCase();
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
