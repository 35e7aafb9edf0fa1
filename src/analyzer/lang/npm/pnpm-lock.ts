/** pnpm-lock.yaml, lockfile versions 5.x (`/name/1.0.0`), 6.x (`/name@1.0.0`) and 9.x (`name@1.0.0`). */
import { parse as parseYaml } from "yaml";
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { npmPackage } from "./package.js";
import { yamlTooDeep } from "../yaml.js";

/** Package key → name and version, peer suffixes `(…)` / `_…` removed. */
export function splitPnpmKey(key: string): { name: string; version: string } | undefined {
  const k = key.replace(/^\//, "").replace(/\(.*$/, "");
  const v5 = /^((?:@[^/@]+\/)?[^/@]+)\/(\d[^_/]*)(?:_.*)?$/.exec(k);
  if (v5?.[1] && v5[2]) return { name: v5[1], version: v5[2] };
  const at = k.indexOf("@", 1);
  return at > 0 ? { name: k.slice(0, at), version: k.slice(at + 1) } : undefined;
}

/** Direct dependency names of the project(s): `importers` (v6+ workspaces, v9) or top level (v5, v6). */
function directNames(doc: Record<string, unknown>): { prod: Set<string>; dev: Set<string> } {
  const prod = new Set<string>();
  const dev = new Set<string>();
  const importers = asRecord(doc.importers);
  const projects = importers ? Object.values(importers).map(asRecord) : [doc];
  for (const project of projects) {
    for (const n of Object.keys(asRecord(project?.dependencies) ?? {})) prod.add(n);
    for (const n of Object.keys(asRecord(project?.optionalDependencies) ?? {})) prod.add(n);
    for (const n of Object.keys(asRecord(project?.devDependencies) ?? {})) dev.add(n);
  }
  return { prod, dev };
}

export function parsePnpmLock(content: Buffer, path: string): ParseResult {
  const text = content.toString("utf8");
  const deep = yamlTooDeep(text, path);
  if (deep) return emptyResult([deep]);
  let doc: Record<string, unknown> | undefined;
  try {
    doc = asRecord(parseYaml(text, { maxAliasCount: 100 }));
  } catch (err) {
    return emptyResult([`${path}: invalid YAML (${err instanceof Error ? err.message : String(err)})`]);
  }
  if (!doc) return emptyResult([`${path}: pnpm-lock.yaml is not a mapping`]);
  const { prod, dev } = directNames(doc);
  const out: Package[] = [];
  for (const [key, raw] of Object.entries(asRecord(doc.packages) ?? {})) {
    const entry = asRecord(raw) ?? {};
    const split = splitPnpmKey(key);
    const name = asString(entry.name) ?? split?.name;
    const version = asString(entry.version) ?? split?.version;
    if (!name || !version || !/^\d/.test(version)) continue;
    const isDirect = prod.has(name) || dev.has(name);
    const isDev = typeof entry.dev === "boolean" ? entry.dev : dev.has(name) && !prod.has(name);
    out.push(npmPackage(name, version, path, { direct: isDirect, dev: isDev }));
  }
  return { packages: dedupe(out), warnings: [] };
}
