/**
 * uv.lock: `[[package]]` entries with `dependencies`, `optional-dependencies` (extras) and `dev-dependencies`
 * (dependency groups). The project and its workspace members (`source = { virtual | editable = "…" }`) are the
 * roots of the graph (../graph.ts): dependency-group edges are dev, extras of a prod package are prod. Roots are
 * reported as local packages; git, URL and path sources are marked (../origin.ts).
 */
import type { Package } from "../../../model/package.js";
import { pushAll } from "../../../util/array.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { fragmentCommit, type Origin, originQualifiers } from "../origin.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe } from "../types.js";
import { parseToml, tomlPackages } from "../toml.js";
import { pypiPackage } from "./package.js";
import { pep503 } from "../purl.js";

type Rec = Record<string, unknown>;

const rootDir = (e: Rec): string | undefined => {
  const source = asRecord(e.source);
  return asString(source?.virtual) ?? asString(source?.editable);
};

const nodeId = (e: Rec): string => `${pep503(String(e.name))}@${asString(e.version) ?? ""}`;

function originOf(e: Rec): Origin | undefined {
  const s = asRecord(e.source) ?? {};
  const git = asString(s.git);
  if (git) return { kind: "git", url: git.replace(/[?#].*$/, ""), commit: fragmentCommit(git) };
  const url = asString(s.url);
  if (url) return { kind: "url", url };
  const path = rootDir(e) ?? asString(s.path) ?? asString(s.directory);
  return path ? { kind: "path", path } : undefined;
}

/** Every dependency list of a table of groups (`optional-dependencies`, `dev-dependencies`). */
const groups = (v: unknown): unknown[] => Object.values(asRecord(v) ?? {}).flatMap((g) => (Array.isArray(g) ? g : []));

function buildGraph(entries: Rec[]) {
  const byName = new Map<string, Rec[]>();
  for (const e of entries) byName.set(pep503(String(e.name)), [...(byName.get(pep503(String(e.name))) ?? []), e]);
  const targets = (dep: unknown): string[] => {
    const d = asRecord(dep);
    const name = asString(d?.name);
    const version = asString(d?.version);
    const found = name ? (byName.get(pep503(name)) ?? []) : [];
    return found.filter((e) => version === undefined || e.version === version).map(nodeId);
  };
  const adjacency = new Map<string, DepEdge[]>();
  for (const e of entries) {
    const prod = [...(Array.isArray(e.dependencies) ? e.dependencies : []), ...groups(e["optional-dependencies"])];
    const edges: DepEdge[] = prod.flatMap(targets).map((to) => ({ to }));
    pushAll(edges, groups(e["dev-dependencies"]).flatMap(targets).map((to) => ({ to, dev: true })));
    adjacency.set(nodeId(e), [...(adjacency.get(nodeId(e)) ?? []), ...edges]);
  }
  return classifyGraph(mapGraph(entries.filter((e) => rootDir(e) !== undefined).map(nodeId), adjacency));
}

export function parseUvLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const entries = tomlPackages(parseToml(content, path, warnings)).filter((e) => asString(e.name));
  const graph = buildGraph(entries);
  const out: Package[] = [];
  for (const e of entries.filter((x) => asString(x.version))) {
    const id = nodeId(e);
    const extra: Partial<Package> = rootDir(e) !== undefined ? {} : { direct: graph.direct.has(id), dev: devOf(graph, id) === true };
    out.push(pypiPackage(String(e.name), String(e.version), path, extra, originQualifiers(originOf(e))));
  }
  return { packages: dedupe(out), warnings };
}
