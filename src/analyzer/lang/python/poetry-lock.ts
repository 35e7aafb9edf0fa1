/**
 * poetry.lock: `[[package]]` with name/version; `category = "dev"` (lock format 1.x) or `groups` without
 * `main` (lock format 2.x) marks dev packages.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asString, dedupe } from "../types.js";
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
    out.push(pypiPackage(name, version, path, dev === undefined ? {} : { dev }));
  }
  return { packages: dedupe(out), warnings };
}
