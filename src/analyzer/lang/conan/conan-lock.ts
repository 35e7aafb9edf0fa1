/**
 * conan.lock (C/C++). Conan 1 (lock version 0.4): `graph_lock.nodes` keyed by id, each with `ref`
 * (`name/version[@user/channel][#revision]`) and `requires` (node ids); node "0" is the consumer, so what it
 * requires is direct; nodes reached only through `build_requires` are build tools (dev). Conan 2 (version
 * 0.5+): `requires` is a list of refs (`zlib/1.2.13#rrev%timestamp`), with `build_requires` and
 * `python_requires` beside it (build tools: reported as dev).
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";
import { pushAll } from "../../../util/array.js";

export function conanPackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "conan", name, version, purl: langPurl("conan", undefined, name, version), locations: [{ path }], ...extra };
}

/** `pcre/8.43@user/channel#rrev%123` → name and version; undefined when it is not a versioned ref. */
export function parseConanRef(ref: string): { name: string; version: string } | undefined {
  const m = /^([A-Za-z0-9_][A-Za-z0-9_.+-]{0,100})\/([^@#%/\s]{1,100})(?:@[^#\s]*)?(?:#\S*)?$/.exec(ref.trim());
  return m ? { name: m[1]!, version: m[2]! } : undefined;
}

/** Node ids (strings, or numbers written without quotes); anything else is not an id. */
const ids = (node: Record<string, unknown> | undefined, field: string): string[] =>
  Array.isArray(node?.[field])
    ? (node[field] as unknown[]).flatMap((x) => (typeof x === "string" || typeof x === "number" ? [String(x)] : []))
    : [];

/** Node ids reachable from `start` through `requires` (and `build_requires` from the start nodes only). */
function reach(nodes: Record<string, unknown>, start: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    pushAll(queue, ids(asRecord(nodes[id]), "requires"));
  }
  return seen;
}

function parseGraphLock(nodes: Record<string, unknown>, path: string): Package[] {
  const root = asRecord(nodes["0"]);
  const direct = new Set([...ids(root, "requires"), ...ids(root, "build_requires")]);
  // Build tools (and what only they require) are dev; a node no path reaches is kept as a runtime one.
  const host = reach(nodes, ids(root, "requires"));
  const build = reach(nodes, Object.values(nodes).flatMap((n) => ids(asRecord(n), "build_requires")));
  const out: Package[] = [];
  for (const [id, value] of Object.entries(nodes)) {
    const ref = asString(asRecord(value)?.ref);
    const parsed = ref ? parseConanRef(ref) : undefined;
    if (parsed) out.push(conanPackage(parsed.name, parsed.version, path, { direct: direct.has(id), dev: build.has(id) && !host.has(id) }));
  }
  return out;
}

function parseRequires(doc: Record<string, unknown>, path: string): Package[] {
  const out: Package[] = [];
  for (const [field, dev] of [["requires", false], ["build_requires", true], ["python_requires", true]] as const) {
    const list = doc[field];
    for (const ref of Array.isArray(list) ? list : []) {
      const parsed = typeof ref === "string" ? parseConanRef(ref) : undefined;
      if (parsed) out.push(conanPackage(parsed.name, parsed.version, path, { dev }));
    }
  }
  return out;
}

export function parseConanLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const nodes = asRecord(asRecord(doc.graph_lock)?.nodes);
  if (nodes) return { packages: dedupe(parseGraphLock(nodes, path)), warnings };
  if (Array.isArray(doc.requires) || Array.isArray(doc.build_requires)) return { packages: dedupe(parseRequires(doc, path)), warnings };
  return emptyResult([`${path}: neither a Conan 1 graph_lock nor a Conan 2 requires list`]);
}
