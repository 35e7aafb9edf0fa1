/**
 * NuGet central package management: Directory.Packages.props (and the older Packages.props). Every
 * `<PackageVersion>`, `<GlobalPackageReference>` or `<PackageReference>` with `Include` (or `Update`) and a
 * `Version` attribute or child element is a direct dependency. Versions that use MSBuild properties
 * (`$(…)`) cannot be resolved here and are skipped; a bracketed exact version (`[1.2.3]`) is unwrapped.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { dedupe, emptyResult } from "../types.js";

const ITEM = /<(PackageVersion|GlobalPackageReference|PackageReference)\b((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>([\s\S]{0,4000}?)<\/\1\s*>)/g;
const ATTR = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTR)) out.set(m[1]!.toLowerCase(), (m[2] ?? m[3] ?? "").trim());
  return out;
}

/** `9.0.1` stays; `[9.0.1]` → `9.0.1`; ranges, floating versions and `$(Property)` → undefined. */
export function exactNugetVersion(v: string | undefined): string | undefined {
  const s = v?.trim().replace(/^\[([^,\]]+)\]$/, "$1");
  return s && /^[0-9][0-9A-Za-z.+-]*$/.test(s) ? s : undefined;
}

export function nugetPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "nuget", name, version, purl: langPurl("nuget", undefined, name, version), locations: [{ path }], ...extra };
}

export function parsePackagesProps(content: Buffer, path: string): ParseResult {
  const text = content.toString("utf8").replace(/^\uFEFF/, "").replace(/<!--[\s\S]*?-->/g, "");
  if (!/<Project\b/.test(text)) return emptyResult([`${path}: not an MSBuild project file (no <Project> element)`]);
  const warnings: string[] = [];
  const out: Package[] = [];
  for (const m of text.matchAll(ITEM)) {
    const attrs = attributes(m[2] ?? "");
    const name = attrs.get("include") ?? attrs.get("update");
    const raw = attrs.get("version") ?? /<Version>([^<]*)<\/Version>/i.exec(m[3] ?? "")?.[1];
    if (!name || !/^[A-Za-z0-9_.-]{1,200}$/.test(name)) continue;
    const version = exactNugetVersion(raw);
    if (version) out.push(nugetPackage(name, version, path, { direct: true }));
    else if (raw && !raw.includes("$(")) warnings.push(`${path}: ${name} version ${JSON.stringify(raw.slice(0, 100))} is not an exact version`);
  }
  return { packages: dedupe(out), warnings };
}
