/**
 * pnpm-lock.yaml, lockfile versions 5.x (`/name/1.0.0`), 6.x (`/name@1.0.0`) and 9.x (`name@1.0.0`, resolved
 * dependencies under `snapshots`). The importers (the project and its workspace members; the top level before
 * workspaces) are the roots of the graph: dev-only packages come from ../graph.ts, pnpm's own `dev` flag (5.x,
 * 6.x: true only dev, false only prod, absent both) is the fallback for an entry no importer reaches.
 * Importers are not reported (the project's own code); git, URL and local packages are marked (../origin.ts).
 */
import { posix } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Package } from "../../../model/package.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { type Origin, originQualifiers } from "../origin.js";
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

type Rec = Record<string, unknown>;
const prodFields = ["dependencies", "optionalDependencies"] as const;

/** `{ name: "1.0.0" }` (5.x, snapshots) or `{ name: { specifier, version } }` (6.x+ importers) → [name, ref]. */
function refs(v: unknown): [string, string][] {
  return Object.entries(asRecord(v) ?? {})
    .map(([n, r]): [string, string | undefined] => [n, asString(r) ?? asString(asRecord(r)?.version)])
    .filter((x): x is [string, string] => x[1] !== undefined);
}

/** The node a dependency reference points at, whatever the lockfile version writes. */
function target(nodes: ReadonlyMap<string, Rec>, name: string, ref: string, importer?: string): string | undefined {
  if (ref.startsWith("link:")) return importer === undefined ? undefined : `importer:${posix.normalize(posix.join(importer, ref.slice(5)))}`;
  return [`${name}@${ref}`, `/${name}@${ref}`, `/${name}/${ref}`, ref, `/${ref}`].find((k) => nodes.has(k));
}

/** v9: snapshot keys (with the `packages` metadata merged in); before: `packages` keys. */
function lockNodes(doc: Rec): Map<string, Rec> {
  const packages = asRecord(doc.packages) ?? {};
  const snapshots = asRecord(doc.snapshots);
  const out = new Map<string, Rec>();
  if (!snapshots) for (const [k, v] of Object.entries(packages)) out.set(k, asRecord(v) ?? {});
  else for (const [k, v] of Object.entries(snapshots)) out.set(k, { ...asRecord(packages[k.replace(/\(.*$/, "")]), ...asRecord(v) });
  return out;
}

function importers(doc: Rec): [string, Rec][] {
  const list = asRecord(doc.importers);
  return list ? Object.entries(list).map(([p, v]) => [posix.normalize(p), asRecord(v) ?? {}]) : [[".", doc]];
}

function buildGraph(doc: Rec, nodes: ReadonlyMap<string, Rec>) {
  const adjacency = new Map<string, DepEdge[]>();
  const roots: string[] = [];
  for (const [dir, imp] of importers(doc)) {
    roots.push(`importer:${dir}`);
    const edges: DepEdge[] = [];
    for (const [field, dev] of [...prodFields.map((f) => [f, false] as const), ["devDependencies", true] as const]) {
      for (const [name, ref] of refs(imp[field])) {
        const to = target(nodes, name, ref, dir);
        if (to) edges.push({ to, dev });
      }
    }
    adjacency.set(`importer:${dir}`, edges);
  }
  for (const [key, entry] of nodes) {
    const edges = prodFields.flatMap((f) => refs(entry[f])).map(([n, r]) => target(nodes, n, r)).filter((t): t is string => !!t);
    adjacency.set(key, edges.map((to) => ({ to })));
  }
  return classifyGraph(mapGraph(roots, adjacency));
}

/** A package not resolved from the registry by version: git, tarball URL, local directory or file. */
function originOf(version: string, entry: Rec): Origin | undefined {
  const res = asRecord(entry.resolution) ?? {};
  if (res.type === "git" && typeof res.repo === "string") return { kind: "git", url: res.repo, commit: asString(res.commit) };
  if (res.type === "directory" && typeof res.directory === "string") return { kind: "path", path: res.directory };
  if (/^\d/.test(version)) return undefined;
  const tarball = asString(res.tarball) ?? version;
  return tarball.startsWith("file:") ? { kind: "path", path: tarball.slice(5) } : { kind: "url", url: tarball };
}

/**
 * The lockfile document. pnpm 11+ writes two YAML documents when the project pins pnpm itself: the
 * environment's (`configDependencies`, `packageManagerDependencies`: the pnpm executable) first, then the
 * project's: the last document is the project's.
 */
function lockDocument(text: string): Rec | undefined {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const bad = list.find((d) => d.errors.length > 0)?.errors[0];
  if (bad) throw bad;
  return asRecord(list.at(-1)?.toJS({ maxAliasCount: 100 }));
}

export function parsePnpmLock(content: Buffer, path: string): ParseResult {
  const text = content.toString("utf8");
  const deep = yamlTooDeep(text, path);
  if (deep) return emptyResult([deep]);
  let doc: Rec | undefined;
  try {
    doc = lockDocument(text);
  } catch (err) {
    return emptyResult([`${path}: invalid YAML (${err instanceof Error ? err.message : String(err)})`]);
  }
  if (!doc) return emptyResult([`${path}: pnpm-lock.yaml is not a mapping`]);
  const nodes = lockNodes(doc);
  const graph = buildGraph(doc, nodes);
  const out: Package[] = [];
  for (const [key, entry] of nodes) {
    const split = splitPnpmKey(key);
    const keyVersion = split?.version ?? "";
    const name = asString(entry.name) ?? split?.name;
    const version = /^\d/.test(keyVersion) ? keyVersion : asString(entry.version);
    if (!name || !version || (entry.resolution === undefined && !/^\d/.test(keyVersion))) continue;
    const dev = devOf(graph, key) ?? entry.dev === true;
    out.push(npmPackage(name, version, path, { direct: graph.direct.has(key), dev }, originQualifiers(originOf(keyVersion, entry))));
  }
  return { packages: dedupe(out), warnings: [] };
}
