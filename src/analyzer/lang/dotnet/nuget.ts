/**
 * .NET: `*.deps.json` of a published application (`libraries` entries of type `package`, keyed `Name/Version`)
 * and NuGet's packages.lock.json (`dependencies.<framework>.<name>` with `type` Direct/Transitive and `resolved`).
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";

function nugetPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "nuget", name, version, purl: langPurl("nuget", undefined, name, version), locations: [{ path }], ...extra };
}

const validName = (n: string): boolean => /^[A-Za-z0-9_.-]+$/.test(n) && n.length <= 256;

export function parseDepsJson(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const out: Package[] = [];
  for (const [key, raw] of Object.entries(asRecord(doc.libraries) ?? {})) {
    if (asRecord(raw)?.type !== "package") continue;
    const slash = key.indexOf("/");
    const name = key.slice(0, slash);
    const version = key.slice(slash + 1);
    if (slash > 0 && validName(name) && version !== "") out.push(nugetPackage(name, version, path));
  }
  return { packages: dedupe(out), warnings };
}

export function parsePackagesLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const out: Package[] = [];
  for (const framework of Object.values(asRecord(doc.dependencies) ?? {})) {
    for (const [name, raw] of Object.entries(asRecord(framework) ?? {})) {
      const entry = asRecord(raw);
      const version = asString(entry?.resolved);
      // `Project` entries are other projects of the same solution, not NuGet packages.
      if (!entry || !version || entry.type === "Project" || !validName(name)) continue;
      out.push(nugetPackage(name, version, path, { direct: entry.type === "Direct" }));
    }
  }
  return { packages: dedupe(out), warnings };
}
