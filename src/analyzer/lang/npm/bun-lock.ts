/**
 * bun.lock (Bun ≥ 1.2, text lockfile, JSON with trailing commas): `packages` maps a path key (`name`, or
 * `parent/name` when nested) to `["name@version", registry, { dependencies… }, integrity]`. Workspace,
 * link, file and git entries are the project's own or unversioned and are skipped. Direct dependencies are
 * those the workspaces list; a package reachable only through `devDependencies` is dev.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { parseJsonc } from "./jsonc.js";
import { isNpmName, npmPackage } from "./package.js";

const PROD_FIELDS = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

interface Entry {
  key: string;
  name: string;
  version: string;
  deps: string[];
}

/** `@scope/name@1.2.3` → name and version spec; undefined without an `@` after the name. */
export function splitSpec(spec: string): { name: string; version: string } | undefined {
  const at = spec.indexOf("@", spec.startsWith("@") ? 1 : 0);
  if (at <= 0) return undefined;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

const depNames = (info: Record<string, unknown> | undefined, fields: readonly string[]): string[] =>
  fields.flatMap((f) => Object.keys(asRecord(info?.[f]) ?? {}));

function entryOf(key: string, value: unknown): Entry | undefined {
  if (!Array.isArray(value)) return undefined;
  const spec = splitSpec(asString(value[0]) ?? "");
  // Registry versions only: `workspace:`, `link:`, `file:`, `github:`, git URLs and tarball paths are not.
  if (!spec || !isNpmName(spec.name) || !/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(spec.version)) return undefined;
  const info = value.slice(1).map(asRecord).find((r) => r !== undefined);
  return { key, ...spec, deps: depNames(info, PROD_FIELDS) };
}

/** `a/@s/b/c` → [`a`, `@s/b`, `c`]. */
function keyParts(key: string): string[] {
  const out: string[] = [];
  for (const seg of key.split("/")) {
    const last = out[out.length - 1];
    if (last?.startsWith("@") && !last.includes("/")) out[out.length - 1] = `${last}/${seg}`;
    else out.push(seg);
  }
  return out;
}

/** Node-style lookup: `parent/dep`, then each shorter prefix, then the top-level `dep`. */
function resolve(entries: Map<string, Entry>, from: string, dep: string): Entry | undefined {
  const parts = keyParts(from);
  for (let n = parts.length; n >= 0; n--) {
    const hit = entries.get([...parts.slice(0, n), dep].join("/"));
    if (hit) return hit;
  }
  return undefined;
}

function reach(entries: Map<string, Entry>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = roots.map((r) => entries.get(r)).filter((e): e is Entry => e !== undefined);
  while (queue.length > 0) {
    const e = queue.pop()!;
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    for (const d of e.deps) {
      const next = resolve(entries, e.key, d);
      if (next && !seen.has(next.key)) queue.push(next);
    }
  }
  return seen;
}

export function parseBunLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJsonc(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const packages = asRecord(doc.packages);
  if (!packages) return emptyResult([`${path}: no "packages" object`]);
  const entries = new Map<string, Entry>();
  for (const [key, value] of Object.entries(packages)) {
    const e = entryOf(key, value);
    if (e) entries.set(key, e);
  }
  const workspaces = Object.values(asRecord(doc.workspaces) ?? {}).map(asRecord);
  const prodRoots = workspaces.flatMap((w) => depNames(w, PROD_FIELDS));
  const devRoots = workspaces.flatMap((w) => depNames(w, ["devDependencies"]));
  const prod = reach(entries, prodRoots);
  const dev = reach(entries, devRoots);
  const direct = new Set([...prodRoots, ...devRoots]);
  const out: Package[] = [];
  for (const e of entries.values()) {
    const isDev = dev.has(e.key) && !prod.has(e.key);
    out.push(npmPackage(e.name, e.version, path, { direct: direct.has(e.key), dev: isDev }));
  }
  return { packages: dedupe(out), warnings };
}
