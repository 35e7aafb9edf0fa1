/** Lookups over the one list of distributions (./registry.ts): by family, os-release ID, other names. */
import { distros } from "./registry.js";
import type { DistroSpec, FamilySpec, MatchedDistro, ReleaseLine } from "./types.js";

export { distros };
export type * from "./types.js";

const byFamily = new Map<string, { family: FamilySpec; distro: DistroSpec }>();
const byOsReleaseId = new Map<string, string>();
const byAlias = new Map<string, string>();
for (const distro of distros) {
  for (const family of distro.families) {
    byFamily.set(family.id, { family, distro });
    for (const id of family.osReleaseIds) byOsReleaseId.set(id, family.id);
    for (const alias of family.aliases ?? []) byAlias.set(alias, family.id);
  }
}

export function familySpec(family: string): FamilySpec | undefined {
  return byFamily.get(family)?.family;
}

/** The distro a family belongs to (`centos` → redhat). */
export function distroOf(family: string): DistroSpec | undefined {
  return byFamily.get(family)?.distro;
}

/** os-release `ID` → family. */
export function familyFromId(id: string): string | undefined {
  return byOsReleaseId.get(id.toLowerCase());
}

/** A family id, an os-release ID or another tool's name for it (`opensuse.leap`, `amazon linux`) → family. */
export function familyByName(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  return byFamily.has(n) ? n : (byOsReleaseId.get(n) ?? byAlias.get(n));
}

/** Release name as the family's feeds use it, from an os-release VERSION_ID (or a release file's number). */
export function feedRelease(family: string, version: string): string {
  return familySpec(family)?.release?.(version) ?? version;
}

/** The os-release ID that purl `distro` qualifiers use for a family (`redhat` → `rhel`). */
export function purlDistroId(family: string): string {
  return familySpec(family)?.osReleaseIds[0] ?? family;
}

export function isMatched(distro: DistroSpec): distro is MatchedDistro {
  return distro.namespaces !== undefined && distro.names !== undefined && distro.version !== undefined && distro.vendorSources !== undefined;
}

/** Every distro's `<name> release <version>` patterns, in registry order. */
export const releaseLines: readonly ReleaseLine[] = distros.flatMap((d) => d.releaseLines ?? []);

const byCodename = new Map(distros.flatMap((d) => Object.entries(d.codenames ?? {})));

/** Codename → release over every distro (`bookworm` → `12`, `jammy` → `22.04`). */
export function codenameRelease(codename: string): string | undefined {
  return byCodename.get(codename);
}
