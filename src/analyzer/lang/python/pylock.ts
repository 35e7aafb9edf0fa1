/**
 * pylock.toml (PEP 751): `[[packages]]` with `name` and `version` (version is optional for packages
 * installed from a directory or VCS, which are skipped). `dependencies` entries refer to other packages by
 * name; a package no other one depends on is taken as direct.
 */
import type { Package } from "../../../model/package.js";
import { pep503 } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { parseToml } from "../toml.js";
import { isPythonName, pypiPackage } from "./package.js";

export function parsePylock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = parseToml(content, path, warnings);
  if (!doc) return emptyResult(warnings);
  if (!Array.isArray(doc.packages)) return emptyResult([`${path}: no [[packages]] table`]);
  const entries = doc.packages.map(asRecord).filter((e): e is Record<string, unknown> => e !== undefined);
  const required = new Set<string>();
  for (const e of entries) {
    for (const d of Array.isArray(e.dependencies) ? e.dependencies : []) {
      const n = asString(asRecord(d)?.name);
      if (n) required.add(pep503(n));
    }
  }
  const out: Package[] = [];
  for (const e of entries) {
    const name = asString(e.name);
    const version = asString(e.version);
    if (!name || !isPythonName(name) || !version) continue;
    out.push(pypiPackage(name, version, path, { direct: !required.has(pep503(name)) }));
  }
  return { packages: dedupe(out), warnings };
}
