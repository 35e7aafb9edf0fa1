/**
 * OS of an SBOM → Dredge's OSInfo. Sources, best first: the CycloneDX `operating-system` component / SPDX
 * OPERATING-SYSTEM package (name = os-release ID or Dredge family id, version = release), else the `distro`
 * qualifier of OS purls (`debian-12`, `centos-7.6.1810`, `rhel-9.0`, Alpine's bare `3.16.2`).
 */
import { familyByName, feedRelease } from "../distro/index.js";
import type { OSInfo } from "../model/package.js";

/**
 * Dredge family ids are accepted as they are (Dredge's own SBOMs name the OS by family), then os-release
 * IDs, then the names other tools use (Trivy's OS types, purl namespaces): src/distro/<name>/ lists them.
 */
export function familyOf(name: string): string | undefined {
  return familyByName(name);
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
