/**
 * CocoaPods Podfile.lock (YAML): `PODS` lists `Name (version)` strings, or one-key maps
 * `{ "Name (version)": [dependencies] }`. Subspecs (`Firebase/Core`) are reported as their pod (`Firebase`),
 * which is what advisories name. Pods named under `DEPENDENCIES` are direct.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, dedupe, emptyResult } from "../types.js";
import { parseYamlMap } from "../yaml.js";

export function cocoapodsPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "cocoapods", name, version, purl: langPurl("cocoapods", undefined, name, version), locations: [{ path }], ...extra };
}

/** `Firebase/Core (1.2.3)` → pod `Firebase`, version `1.2.3`; the version is optional (`DEPENDENCIES`). */
export function parsePodSpec(spec: string): { pod: string; version?: string } | undefined {
  const m = /^([^\s/()]+)(?:\/[^\s()]+)?(?:\s+\(([^)]*)\))?$/.exec(spec.trim());
  if (!m) return undefined;
  return m[2] === undefined ? { pod: m[1]! } : { pod: m[1]!, version: m[2].trim() };
}

const specOf = (item: unknown): string | undefined =>
  typeof item === "string" ? item : Object.keys(asRecord(item) ?? {})[0];

export function parsePodfileLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = parseYamlMap(content, path, warnings);
  if (!doc) return emptyResult(warnings);
  if (!Array.isArray(doc.PODS)) return emptyResult(doc.PODS == null ? [] : [`${path}: PODS is not a list`]);
  const direct = new Set<string>();
  for (const d of Array.isArray(doc.DEPENDENCIES) ? doc.DEPENDENCIES : []) {
    const pod = typeof d === "string" ? parsePodSpec(d.replace(/\s*\([^)]*\)\s*$/, ""))?.pod : undefined;
    if (pod) direct.add(pod);
  }
  const out: Package[] = [];
  for (const item of doc.PODS) {
    const spec = specOf(item);
    const parsed = spec ? parsePodSpec(spec) : undefined;
    if (!parsed?.version) {
      const shown = spec ?? (typeof item === "string" ? item : Array.isArray(item) ? "a list" : typeof item);
      warnings.push(`${path}: PODS entry ${JSON.stringify(shown.slice(0, 200))} is not "Name (version)"`);
      continue;
    }
    out.push(cocoapodsPackage(parsed.pod, parsed.version, path, { direct: direct.has(parsed.pod) }));
  }
  return { packages: dedupe(out), warnings };
}
