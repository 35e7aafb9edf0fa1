/**
 * Cargo.lock: `[[package]]` name/version/source. Packages without `source` are the workspace's own crates
 * (reported, not direct); their `dependencies` are the direct dependencies (`name` or `name version`).
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asString, dedupe } from "../types.js";
import { parseToml, tomlPackages } from "../toml.js";

export function cargoPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "cargo", name, version, purl: langPurl("cargo", undefined, name, version), locations: [{ path }], ...extra };
}

export function parseCargoLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const entries = tomlPackages(parseToml(content, path, warnings));
  const direct = new Set<string>();
  for (const e of entries.filter((x) => x.source === undefined)) {
    for (const d of Array.isArray(e.dependencies) ? e.dependencies : []) {
      const [n, v] = (typeof d === "string" ? d : "").split(" ");
      if (n) direct.add(v ? `${n}@${v}` : n);
    }
  }
  const out: Package[] = [];
  for (const e of entries) {
    const name = asString(e.name);
    const version = asString(e.version);
    if (!name || !version) continue;
    const isDirect = direct.has(name) || direct.has(`${name}@${version}`);
    out.push(cargoPackage(name, version, path, e.source === undefined ? {} : { direct: isDirect }));
  }
  return { packages: dedupe(out), warnings };
}
