/**
 * poetry.lock: `[[package]]` with name/version; `category = "dev"` (lock format 1.x) or `groups` without
 * `main` (lock format 2.x) marks dev packages: Poetry writes the groups that reach each package, which is the
 * graph rule of ../graph.ts already applied (the roots are in pyproject.toml, not in the lockfile). Git, URL
 * and local sources (`[package.source] type = git | url | directory | file`) are marked (../origin.ts).
 */
import type { Package } from "../../../model/package.js";
import { type Origin, originQualifiers } from "../origin.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe } from "../types.js";
import { parseToml, tomlPackages } from "../toml.js";
import { pypiPackage } from "./package.js";

export function parsePoetryLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const out: Package[] = [];
  for (const entry of tomlPackages(parseToml(content, path, warnings))) {
    const name = asString(entry.name);
    const version = asString(entry.version);
    if (!name || !version) continue;
    const category = asString(entry.category);
    const groups = Array.isArray(entry.groups) ? entry.groups.filter((g): g is string => typeof g === "string") : undefined;
    const dev = groups && groups.length > 0 ? !groups.includes("main") : category ? category === "dev" : undefined;
    out.push(pypiPackage(name, version, path, dev === undefined ? {} : { dev }, originQualifiers(originOf(entry))));
  }
  return { packages: dedupe(out), warnings };
}

function originOf(entry: Record<string, unknown>): Origin | undefined {
  const source = asRecord(entry.source);
  const url = asString(source?.url);
  if (!url) return undefined;
  if (source?.type === "git") return { kind: "git", url, commit: asString(source.resolved_reference) };
  if (source?.type === "url") return { kind: "url", url };
  return source?.type === "directory" || source?.type === "file" ? { kind: "path", path: url } : undefined;
}
