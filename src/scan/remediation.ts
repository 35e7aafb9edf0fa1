/**
 * Advice: per package, the smallest version that fixes all its fixable findings; per image, how many
 * findings come from base-image layers versus layers added on top.
 */
import type { BaseAdvice, PackageAdvice, ScanReport, VulnerabilityFinding } from "../model/finding.js";
import { get as scheme } from "../versioning/index.js";
import type { SchemeId } from "../versioning/types.js";

const schemeOf: Record<string, SchemeId> = {
  deb: "deb", rpm: "rpm", apk: "apk", npm: "semver", cargo: "semver", hex: "semver", pub: "semver",
  pypi: "pep440", maven: "maven", gem: "gem", golang: "go", nuget: "nuget", composer: "composer",
};

export function packageAdvice(findings: readonly VulnerabilityFinding[]): PackageAdvice[] {
  const byPkg = new Map<string, VulnerabilityFinding[]>();
  for (const f of findings) if (!f.suppressed) byPkg.set(f.package.purl, [...(byPkg.get(f.package.purl) ?? []), f]);
  const out: PackageAdvice[] = [];
  for (const list of byPkg.values()) {
    const p = list[0]!.package;
    const s = scheme(schemeOf[p.type] ?? "generic");
    const fixable = list.filter((f) => f.fixedVersions.length > 0);
    if (fixable.length === 0) continue;
    // Each finding is fixed from its lowest listed fix; the upgrade must reach the highest of those.
    const needed = fixable.map((f) => f.fixedVersions[0]!).filter((v) => s.isValid(v));
    if (needed.length === 0) continue;
    const upgradeTo = needed.reduce((a, b) => (s.compare(a, b) >= 0 ? a : b));
    out.push({ name: p.name, type: p.type, purl: p.purl, installed: list[0]!.installedVersion, upgradeTo, fixes: fixable.length, unfixed: list.length - fixable.length });
  }
  return out.sort((a, b) => b.fixes - a.fixes || a.name.localeCompare(b.name));
}

export function baseAdvice(report: ScanReport, findings: readonly VulnerabilityFinding[]): BaseAdvice | undefined {
  const baseLayers = report.artifact.layers.filter((l) => l.base).length;
  if (baseLayers === 0) return undefined;
  const live = findings.filter((f) => !f.suppressed && f.package.layer);
  const inBase = live.filter((f) => f.package.layer!.index < baseLayers);
  const fixableInBase = inBase.filter((f) => f.fixedVersions.length > 0).length;
  const name = report.artifact.base?.name ?? "the base image";
  return {
    baseLayers,
    fromBase: inBase.length,
    fromTop: live.length - inBase.length,
    fixableInBase,
    advice: fixableInBase > 0 ? `${fixableInBase} fixable finding(s) come from ${name}: rebuild on a newer ${name}` : undefined,
  };
}
