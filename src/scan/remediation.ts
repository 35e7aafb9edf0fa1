/**
 * Advice: per package, the smallest version that fixes all its fixable findings; per image, how many
 * findings come from base-image layers versus layers added on top.
 */
import type { BaseAdvice, PackageAdvice, ScanReport, VulnerabilityFinding } from "../model/finding.js";
import { get as scheme } from "../versioning/index.js";
import type { SchemeId } from "../versioning/types.js";
import type { TagLookup } from "./base-tags.js";

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

/**
 * Where the findings come from (base layers or the layers on top) and, when fixes are in the base image,
 * the advice: rebuild on a newer tag of the named base image (`lookup`: what its registry lists).
 */
export function baseAdvice(report: ScanReport, findings: readonly VulnerabilityFinding[], lookup?: TagLookup): BaseAdvice | undefined {
  const baseLayers = report.artifact.layers.filter((l) => l.base).length;
  if (baseLayers === 0) return undefined;
  const live = findings.filter((f) => !f.suppressed && f.package.layer);
  const inBase = live.filter((f) => f.package.layer!.index < baseLayers);
  const fixableInBase = inBase.filter((f) => f.fixedVersions.length > 0).length;
  const named = report.artifact.base?.name ? splitBaseName(report.artifact.base.name) : undefined;
  const looked = fixableInBase > 0 && named?.tag && lookup
    ? ("skipped" in lookup ? { tagLookup: lookup.skipped } : { newerTags: lookup.newerTags.slice(0, MAX_NEWER_TAGS) })
    : {};
  return {
    baseLayers,
    fromBase: inBase.length,
    fromTop: live.length - inBase.length,
    fixableInBase,
    ...named,
    ...looked,
    advice: fixableInBase > 0 ? adviceText(fixableInBase, named, lookup) : undefined,
  };
}

const MAX_NEWER_TAGS = 5;

/** `docker.io/library/debian:12.5-slim@sha256:…` → image `docker.io/library/debian`, tag `12.5-slim`. */
export function splitBaseName(name: string): { image: string; tag?: string } {
  const bare = name.replace(/@[^@/]*$/, "");
  const colon = bare.lastIndexOf(":");
  return colon > bare.lastIndexOf("/") ? { image: bare.slice(0, colon), tag: bare.slice(colon + 1) } : { image: bare };
}

function adviceText(n: number, named: { image: string; tag?: string } | undefined, lookup: TagLookup | undefined): string {
  const what = `${n} fixable finding(s) come from the base image`;
  if (!named) return `${what}, whose name is unknown: rebuild on a newer one (--base-image REF names it)`;
  const { image, tag } = named;
  if (!tag) return `${what} ${image}: rebuild on a newer release of ${image}`;
  const from = `${what} ${image}:${tag}`;
  if (lookup && "newerTags" in lookup) {
    const newest = lookup.newerTags[0];
    return newest ? `${from}: rebuild on ${image}:${newest}, the newest tag of the same line in ${lookup.registry}`
      : `${from}: ${lookup.registry} lists no newer tag of the same line; rebuild on a fresh pull of ${image}:${tag} or a newer release`;
  }
  return `${from}: rebuild on a newer tag of ${image} than ${tag} (newer tags not looked up${lookup ? `: ${lookup.skipped}` : ""})`;
}
