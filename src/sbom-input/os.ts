/**
 * OS of an SBOM → Dredge's OSInfo. Sources, best first: the CycloneDX `operating-system` component / SPDX
 * OPERATING-SYSTEM package (name = os-release ID or Dredge family id, version = release), else the `distro`
 * qualifier of OS purls (`debian-12`, `centos-7.6.1810`, `rhel-9.0`, Alpine's bare `3.16.2`).
 */
import { familyFromId, feedRelease } from "../analyzer/os/families.js";
import type { OSInfo } from "../model/package.js";
import { ownValue } from "../util/own.js";

/** Dredge family ids are accepted as they are (Dredge's own SBOMs name the OS by family). */
const familyIds = new Set([
  "debian", "ubuntu", "alpine", "redhat", "centos", "rocky", "alma", "oracle", "fedora", "amazon", "sles",
  "opensuse-leap", "opensuse-tumbleweed", "photon", "cbl-mariner", "azurelinux", "wolfi", "chainguard",
]);

/** Names other tools use (Trivy's OS types, purl namespaces) that are not os-release IDs. */
const aliases: Record<string, string> = {
  "opensuse.leap": "opensuse-leap",
  "opensuse.tumbleweed": "opensuse-tumbleweed",
  "suse linux enterprise server": "sles",
  "suse linux enterprise micro": "sles",
  "slem": "sles",
  "redhat": "redhat",
  "red hat enterprise linux": "redhat",
  "oraclelinux": "oracle",
  "ol": "oracle",
  "amazonlinux": "amazon",
  "amazon linux": "amazon",
  "rockylinux": "rocky",
  "alpinelinux": "alpine",
};

export function familyOf(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  if (familyIds.has(n)) return n;
  return familyFromId(n) ?? ownValue(aliases, n);
}

/** OSInfo from a family-ish name and a release, or undefined when the name is not a known distro. */
export function osInfo(name: string, version: string | undefined, prettyName?: string): OSInfo | undefined {
  const family = familyOf(name);
  if (!family || !version) return undefined;
  // Trivy writes Amazon Linux 2 as "2 (Karoo)".
  const release = feedRelease(family, version.trim().split(/\s+/)[0] ?? version);
  if (release === "") return undefined;
  return { family, name: release, ...(prettyName ? { prettyName } : {}) };
}

/** The OS a `distro` qualifier names: `debian-12`, `rhel-9.0`; bare `3.16.2` uses the purl namespace. */
export function osFromDistroQualifier(distro: string, namespace: string | undefined): OSInfo | undefined {
  const m = /^(.+?)-(\d[\w.~+-]*)$/.exec(distro.trim());
  if (m?.[1] && m[2]) return osInfo(m[1], m[2]);
  if (/^\d[\w.]*$/.test(distro.trim()) && namespace) return osInfo(namespace, distro.trim());
  return undefined;
}
