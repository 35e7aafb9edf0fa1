/** Ubuntu codenames → release numbers; `esm-infra/focal`, `esm-apps/jammy` → `ubuntu-pro:<release>`. */
const CODENAMES: Record<string, string> = {
  precise: "12.04", trusty: "14.04", xenial: "16.04", bionic: "18.04", cosmic: "18.10", disco: "19.04",
  eoan: "19.10", focal: "20.04", groovy: "20.10", hirsute: "21.04", impish: "21.10", jammy: "22.04",
  kinetic: "22.10", lunar: "23.04", mantic: "23.10", noble: "24.04", oracular: "24.10", plucky: "25.04",
  questing: "25.10", resolute: "26.04",
};

export function ubuntuNamespace(distro: string): string | undefined {
  const parts = distro.split("/");
  const codename = parts[parts.length - 1] ?? "";
  const release = CODENAMES[codename] ?? (/^\d+\.\d+$/.test(codename) ? codename : undefined);
  if (!release) return undefined;
  return parts.length > 1 && (parts[0] ?? "").startsWith("esm") ? `ubuntu-pro:${release}` : `ubuntu:${release}`;
}
