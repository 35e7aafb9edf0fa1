/** yarn.lock: classic v1 (its own line format) and Berry v2+ (YAML with `__metadata`). */
import { parse as parseYaml } from "yaml";
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { npmPackage } from "./package.js";
import { yamlTooDeep } from "../yaml.js";

export function parseYarnLock(content: Buffer, path: string): ParseResult {
  const text = content.toString("utf8");
  return /^__metadata:/m.test(text) ? parseBerry(text, path) : parseClassic(text, path);
}

/** `"@scope/name@^1.0.0"` → `@scope/name` (the last `@` that is not the first character). */
function nameOfSpec(spec: string): string | undefined {
  const s = spec.trim().replace(/^"|"$/g, "");
  const at = s.indexOf("@", 1);
  return at > 0 ? s.slice(0, at) : undefined;
}

function parseClassic(text: string, path: string): ParseResult {
  const out: Package[] = [];
  const warnings: string[] = [];
  let name: string | undefined;
  let lineNo = 0;
  for (const line of text.split(/\r?\n/)) {
    lineNo++;
    if (line === "" || line.startsWith("#")) continue;
    if (!line.startsWith(" ")) {
      name = line.endsWith(":") ? nameOfSpec(line.slice(0, -1).split(",")[0] ?? "") : undefined;
      if (!name) warnings.push(`${path}:${lineNo}: unrecognised yarn.lock entry header`);
      continue;
    }
    const m = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line);
    if (m && name && m[1]) {
      out.push(npmPackage(name, m[1], path));
      name = undefined;
    }
  }
  return { packages: dedupe(out), warnings };
}

/** `resolution: "@scope/name@npm:1.2.3"` → name and protocol. */
function parseResolution(res: string): { name: string; protocol: string } | undefined {
  const at = res.indexOf("@", 1);
  if (at < 0) return undefined;
  const rest = res.slice(at + 1);
  const colon = rest.indexOf(":");
  return { name: res.slice(0, at), protocol: colon < 0 ? "" : rest.slice(0, colon) };
}

function parseBerry(text: string, path: string): ParseResult {
  const deep = yamlTooDeep(text, path);
  if (deep) return emptyResult([deep]);
  let doc: Record<string, unknown> | undefined;
  try {
    doc = asRecord(parseYaml(text, { maxAliasCount: 100, uniqueKeys: false }));
  } catch (err) {
    return emptyResult([`${path}: invalid YAML (${err instanceof Error ? err.message : String(err)})`]);
  }
  if (!doc) return emptyResult([`${path}: yarn.lock is not a mapping`]);
  const out: Package[] = [];
  for (const [key, raw] of Object.entries(doc)) {
    const entry = asRecord(raw);
    if (key === "__metadata" || !entry) continue;
    const version = asString(entry.version) ?? (typeof entry.version === "number" ? String(entry.version) : undefined);
    const res = parseResolution(asString(entry.resolution) ?? key.split(",")[0]?.trim() ?? "");
    if (!version || !res) continue;
    // Workspaces, links and patches (a patched copy of an npm package also listed on its own) are not packages.
    if (res.protocol !== "npm" && res.protocol !== "") continue;
    out.push(npmPackage(res.name, version, path));
  }
  return { packages: dedupe(out), warnings: [] };
}
