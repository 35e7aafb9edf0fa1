/**
 * Gemfile.lock: the `specs:` of the GEM, GIT and PATH sections (4-space `name (version[-platform])`);
 * the DEPENDENCIES section names the direct dependencies. Gems of a GIT section (`remote:` + `revision:`) and of
 * a PATH section (`remote: <dir>`) are marked as such (../origin.ts): they are not rubygems.org's gems.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { dedupe } from "../types.js";
import { type Origin, originQualifiers } from "../origin.js";
import { gemPackage, isGemVersion } from "./package.js";

/** `1.13.6-x86_64-linux` → `1.13.6` (platform gems). */
export function stripPlatform(version: string): string {
  const dash = version.indexOf("-");
  return dash > 0 && /[a-z]/i.test(version.slice(dash + 1)) ? version.slice(0, dash) : version;
}

export function parseGemfileLock(content: Buffer, path: string): ParseResult {
  const specs: Package[] = [];
  const direct = new Set<string>();
  let section = "";
  let source: { remote?: string; revision?: string } = {};
  for (const line of content.toString("utf8").split(/\r?\n/)) {
    if (/^[A-Z]/.test(line)) {
      section = line.trim();
      source = {};
      continue;
    }
    const field = /^ {2}(remote|revision): (.+)$/.exec(line);
    if (field?.[1] && field[2]) source[field[1] as "remote" | "revision"] = field[2].trim();
    if (section === "DEPENDENCIES") {
      const m = /^ {2}([^\s!(]+)/.exec(line);
      if (m?.[1]) direct.add(m[1]);
      continue;
    }
    if (section !== "GEM" && section !== "GIT" && section !== "PATH" && !section.startsWith("PLUGIN")) continue;
    const m = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
    if (!m?.[1] || !m[2]) continue;
    const version = stripPlatform(m[2]);
    if (isGemVersion(version)) specs.push(gemPackage(m[1], version, path, {}, originQualifiers(originOf(section, source))));
  }
  for (const p of specs) p.direct = direct.has(p.name);
  return { packages: dedupe(specs), warnings: [] };
}

function originOf(section: string, source: { remote?: string; revision?: string }): Origin | undefined {
  if (!source.remote) return undefined;
  if (section === "GIT") return { kind: "git", url: source.remote, commit: source.revision };
  return section === "PATH" ? { kind: "path", path: source.remote } : undefined;
}
