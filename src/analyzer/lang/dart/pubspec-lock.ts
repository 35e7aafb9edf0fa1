/**
 * pubspec.lock (Dart/Flutter): `packages.<name>` with `dependency` ("direct main", "direct dev",
 * "direct overridden", "transitive"), `source` and `version`. SDK packages (`source: sdk`, e.g. flutter)
 * are part of the SDK, not versioned packages, and are skipped. Dev is only known for direct dependencies.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { parseYamlMap } from "../yaml.js";

export function pubPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "pub", name, version, purl: langPurl("pub", undefined, name, version), locations: [{ path }], ...extra };
}

export function parsePubspecLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = parseYamlMap(content, path, warnings);
  if (!doc) return emptyResult(warnings);
  const packages = asRecord(doc.packages);
  if (!packages) return emptyResult(doc.packages == null ? [] : [`${path}: "packages" is not a mapping`]);
  const out: Package[] = [];
  for (const [name, value] of Object.entries(packages)) {
    const e = asRecord(value);
    const version = asString(e?.version);
    if (!e || !version || e.source === "sdk" || !/^[a-z0-9_]+$/i.test(name)) continue;
    const dep = asString(e.dependency) ?? "";
    const direct = dep.startsWith("direct");
    out.push(pubPackage(name, version, path, { direct, ...(direct ? { dev: dep === "direct dev" } : {}) }));
  }
  return { packages: dedupe(out), warnings };
}
