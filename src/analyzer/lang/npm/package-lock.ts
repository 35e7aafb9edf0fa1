/** package-lock.json / npm-shrinkwrap.json, lockfileVersion 1 (nested `dependencies`) and 2–3 (`packages`). */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";
import { npmLicenses, npmPackage } from "./package.js";

const MAX_DEPTH = 64;

export function parsePackageLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const packages = asRecord(doc.packages);
  const pkgs = packages ? fromPackages(packages, path) : fromDependencies(asRecord(doc.dependencies), path, 0);
  return { packages: dedupe(pkgs), warnings };
}

/** The package name for a `packages` key: the part after the last `node_modules/`. */
function nameFromKey(key: string): string | undefined {
  const i = key.lastIndexOf("node_modules/");
  return i < 0 ? undefined : key.slice(i + "node_modules/".length);
}

function rootDependencyNames(root: Record<string, unknown> | undefined): Set<string> {
  const names = new Set<string>();
  for (const field of ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]) {
    for (const n of Object.keys(asRecord(root?.[field]) ?? {})) names.add(n);
  }
  return names;
}

function fromPackages(packages: Record<string, unknown>, path: string): Package[] {
  const out: Package[] = [];
  const rootDeps = rootDependencyNames(asRecord(packages[""]));
  const workspaceDeps = new Set<string>();
  for (const [key, raw] of Object.entries(packages)) {
    const entry = asRecord(raw);
    if (!entry || key === "" || entry.link === true) continue;
    const version = asString(entry.version);
    const keyName = nameFromKey(key);
    // Workspace members (keys outside node_modules) declare direct dependencies of their own.
    if (keyName === undefined) rootDependencyNames(entry).forEach((n) => workspaceDeps.add(n));
    const name = asString(entry.name) ?? keyName;
    if (!name || !version) continue;
    const hoisted = keyName !== undefined && key === `node_modules/${keyName}`;
    const licenses = npmLicenses(entry);
    out.push(
      npmPackage(name, version, path, {
        dev: entry.dev === true || entry.devOptional === true,
        ...(licenses ? { licenses } : {}),
        ...(hoisted ? { direct: rootDeps.has(keyName) } : { direct: keyName === undefined }),
      }),
    );
  }
  for (const p of out) if (!p.direct && workspaceDeps.has(p.name)) p.direct = true;
  return out;
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
    out.push(npmPackage(realName, realVersion, path, { dev: entry.dev === true }));
    out.push(...fromDependencies(asRecord(entry.dependencies), path, depth + 1));
  }
  return out;
}
