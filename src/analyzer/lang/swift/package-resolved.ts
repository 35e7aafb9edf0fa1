/**
 * SwiftPM Package.resolved. v1: `object.pins[]` with `package`, `repositoryURL`, `state.version`;
 * v2/v3: `pins[]` with `identity`, `location`, `state.version`. The package is named by its repository
 * URL without scheme, credentials and `.git` (`github.com/apple/swift-nio`), as Swift advisories name it.
 * Pins on a branch or a bare revision have no version and are skipped.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";

/** `https://github.com/apple/swift-nio.git` or `git@github.com:apple/swift-nio.git` → `github.com/apple/swift-nio`. */
export function swiftPackageName(location: string): string | undefined {
  let s = location.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(s);
  if (scp) s = `${scp[1]}/${scp[2]}`;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/^[^@/]*@/, "").replace(/\/+$/, "").replace(/\.git$/, "");
  return /^[A-Za-z0-9][\w-]*(\.[\w-]+)+(:\d+)?(\/[\w.~-]+)+$/.test(s) ? s.replace(/:\d+\//, "/") : undefined;
}

export function swiftPackage(name: string, version: string, path: string): Package {
  const slash = name.lastIndexOf("/");
  const purl = langPurl("swift", name.slice(0, slash), name.slice(slash + 1), version);
  return { type: "swift", name, version, purl, locations: [{ path }] };
}

export function parsePackageResolved(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const pins = doc.version === 1 ? asRecord(doc.object)?.pins : doc.pins;
  if (!Array.isArray(pins)) {
    const version = typeof doc.version === "number" || typeof doc.version === "string" ? doc.version : typeof doc.version;
    return emptyResult([`${path}: no "pins" list (Package.resolved version ${version})`]);
  }
  const out: Package[] = [];
  for (const p of pins.map(asRecord)) {
    const location = asString(p?.repositoryURL) ?? asString(p?.location);
    const version = asString(asRecord(p?.state)?.version);
    if (!location || !version) continue;
    const name = swiftPackageName(location);
    if (name) out.push(swiftPackage(name, version, path));
    else warnings.push(`${path}: pin location ${JSON.stringify(location.slice(0, 200))} is not a repository URL`);
  }
  return { packages: dedupe(out), warnings };
}
