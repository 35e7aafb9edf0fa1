/**
 * package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies`, npm's `dev` flags) and 2–3
 * (`packages`: ./package-lock-tree.ts).
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";
import { fragmentCommit, isGitSpec, isUrlSpec, type Origin, originQualifiers } from "../origin.js";
import { npmPackage } from "./package.js";
import { packagesTree } from "./package-lock-tree.js";
import { pushAll } from "../../../util/array.js";

const MAX_DEPTH = 64;

export function parsePackageLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const packages = asRecord(doc.packages);
  const pkgs = packages ? packagesTree(packages, path) : fromDependencies(asRecord(doc.dependencies), path, 0);
  return { packages: dedupe(pkgs), warnings };
}

function fromDependencies(deps: Record<string, unknown> | undefined, path: string, depth: number): Package[] {
  if (!deps || depth > MAX_DEPTH) return [];
  const out: Package[] = [];
  for (const [name, raw] of Object.entries(deps)) {
    const entry = asRecord(raw);
    const version = asString(entry?.version);
    if (!entry || !version || name === "") continue;
    // Aliases (`npm:real@1.0.0`) and links (`file:…`) keep their real name/version after the prefix.
    const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(version);
    if (version.startsWith("file:") || version.startsWith("link:")) continue;
    const [realName, realVersion] = alias ? [alias[1] ?? name, alias[2] ?? version] : [name, version];
    const origin = v1Origin(realVersion);
    const v = origin?.kind === "git" ? (origin.commit ?? "") : origin ? "" : realVersion;
    out.push(npmPackage(realName, v, path, { dev: entry.dev === true }, originQualifiers(origin)));
    pushAll(out, fromDependencies(asRecord(entry.dependencies), path, depth + 1));
  }
  return out;
}

/** v1 writes a git or URL dependency's source where the version goes. */
function v1Origin(version: string): Origin | undefined {
  if (isGitSpec(version)) return { kind: "git", url: version, commit: fragmentCommit(version) };
  return isUrlSpec(version) ? { kind: "url", url: version } : undefined;
}
