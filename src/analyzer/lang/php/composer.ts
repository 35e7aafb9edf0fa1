/**
 * Composer: `vendor/composer/installed.json` (v1: an array; v2: `{ packages: […] }`) and composer.lock
 * (`packages`, `packages-dev`). Without composer.json, a locked package that no other locked package
 * requires is taken as a direct dependency.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";

function composerPackage(entry: Record<string, unknown>, path: string, extra: Partial<Package>): Package | undefined {
  const name = asString(entry.name);
  const version = asString(entry.version);
  if (!name || !version || !/^[a-z0-9_.-]+\/[a-z0-9_.-]+$/i.test(name)) return undefined;
  const [vendor, project] = name.split("/") as [string, string];
  const licenses = Array.isArray(entry.license) ? entry.license.filter((l): l is string => typeof l === "string") : [];
  const single = asString(entry.license);
  if (single) licenses.push(single);
  return {
    type: "composer",
    name,
    version,
    purl: langPurl("composer", vendor, project, version),
    locations: [{ path }],
    ...(licenses.length > 0 ? { licenses } : {}),
    ...extra,
  };
}

function entries(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map(asRecord).filter((e): e is Record<string, unknown> => e !== undefined) : [];
}

export function parseInstalledJson(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = parseJson(content, path, warnings);
  if (doc === undefined) return emptyResult(warnings);
  const list = Array.isArray(doc) ? entries(doc) : entries(asRecord(doc)?.packages);
  const devNames = new Set(Array.isArray(asRecord(doc)?.["dev-package-names"]) ? (asRecord(doc)?.["dev-package-names"] as unknown[]) : []);
  const pkgs = list.map((e) => composerPackage(e, path, devNames.size > 0 ? { dev: devNames.has(e.name) } : {}));
  return { packages: dedupe(pkgs.filter((p): p is Package => p !== undefined)), warnings };
}

export function parseComposerLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const prod = entries(doc.packages);
  const dev = entries(doc["packages-dev"]);
  const required = new Set<string>();
  for (const e of [...prod, ...dev]) for (const n of Object.keys(asRecord(e.require) ?? {})) required.add(n.toLowerCase());
  const out: Package[] = [];
  for (const [list, isDev] of [[prod, false], [dev, true]] as const) {
    for (const e of list) {
      const direct = !required.has((asString(e.name) ?? "").toLowerCase());
      const p = composerPackage(e, path, { dev: isDev, direct });
      if (p) out.push(p);
    }
  }
  return { packages: dedupe(out), warnings };
}
