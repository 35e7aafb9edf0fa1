/**
 * `distro` purl qualifiers are written differently by different producers: Dredge and Trivy write
 * `ubuntu-22.04` / `debian-12`, Ubuntu's own VEX writes `jammy` (or `esm-apps/jammy`). Two values are
 * equivalent when they name the same release after mapping codenames to versions (the codenames of
 * src/distro/<name>/: Debian's and Ubuntu's).
 */
import { codenameRelease, distros, purlDistroId } from "../distro/index.js";

/** `debian-`, `ubuntu-`: the qualifier prefixes of the distros that name releases by codename too. */
const prefixes = distros.filter((d) => d.codenames).flatMap((d) => d.families.map((f) => `${purlDistroId(f.id)}-`));

/** `esm-infra-legacy/trusty` → `14.04`; `ubuntu-22.04` → `22.04`; `debian-12` → `12`; others unchanged. */
export function canonicalDistro(value: string): string {
  const last = value.toLowerCase().split("/").pop() ?? "";
  const known = codenameRelease(last);
  if (known !== undefined) return known;
  const prefix = prefixes.find((p) => last.startsWith(p) && last.length > p.length);
  return prefix ? last.slice(prefix.length) : value;
}

export function distroEquivalent(a: string, b: string): boolean {
  return a === b || canonicalDistro(a) === canonicalDistro(b);
}
