/**
 * uv.lock: `[[package]]` entries; the project itself has `source = { virtual | editable = "." }`. Its
 * `dependencies` are direct, its `dev-dependencies` / `optional-dependencies` groups are dev.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe } from "../types.js";
import { parseToml, tomlPackages } from "../toml.js";
import { pypiPackage } from "./package.js";
import { pep503 } from "../purl.js";

function depNames(v: unknown): string[] {
  return Array.isArray(v) ? v.map((d) => asString(asRecord(d)?.name)).filter((n): n is string => !!n).map(pep503) : [];
}

function isRoot(entry: Record<string, unknown>): boolean {
  const source = asRecord(entry.source);
  return source !== undefined && (source.virtual === "." || source.editable === ".");
}

export function parseUvLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const entries = tomlPackages(parseToml(content, path, warnings));
  const direct = new Set<string>();
  const dev = new Set<string>();
  for (const e of entries.filter(isRoot)) {
    depNames(e.dependencies).forEach((n) => direct.add(n));
    for (const group of Object.values(asRecord(e["dev-dependencies"]) ?? {})) depNames(group).forEach((n) => dev.add(n));
  }
  const out: Package[] = [];
  for (const e of entries) {
    const name = asString(e.name);
    const version = asString(e.version);
    if (!name || !version) continue;
    const n = pep503(name);
    const extra: Partial<Package> = isRoot(e) ? {} : { direct: direct.has(n) || dev.has(n), dev: dev.has(n) && !direct.has(n) };
    out.push(pypiPackage(name, version, path, extra));
  }
  return { packages: dedupe(out), warnings };
}
