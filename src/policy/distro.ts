/**
 * `distro` purl qualifiers are written differently by different producers: Dredge and Trivy write
 * `ubuntu-22.04` / `debian-12`, Ubuntu's own VEX writes `jammy` (or `esm-apps/jammy`). Two values are
 * equivalent when they name the same release after mapping Debian and Ubuntu codenames to versions.
 */
const codenames: Record<string, string> = {
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
  forky: "14",
  trusty: "14.04",
  xenial: "16.04",
  bionic: "18.04",
  focal: "20.04",
  jammy: "22.04",
  noble: "24.04",
  oracular: "24.10",
  plucky: "25.04",
  questing: "25.10",
};

/** `esm-infra-legacy/trusty` → `14.04`; `ubuntu-22.04` → `22.04`; `debian-12` → `12`; others unchanged. */
export function canonicalDistro(value: string): string {
  const last = value.toLowerCase().split("/").pop() ?? "";
  const known = codenames[last];
  if (known !== undefined) return known;
  const m = /^(?:debian|ubuntu)-(.+)$/.exec(last);
  return m?.[1] ?? value;
}

export function distroEquivalent(a: string, b: string): boolean {
  return a === b || canonicalDistro(a) === canonicalDistro(b);
}
