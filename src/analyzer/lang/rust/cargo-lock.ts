/**
 * Cargo.lock: `[[package]]` name/version/source/dependencies (`name`, `name version`, `name version (source)`).
 * Packages without `source` are the workspace's own crates (reported, not direct). With the Cargo.toml files
 * of the tree (./cargo-toml.ts), the root crate and the workspace members are the roots of the graph
 * (../graph.ts): a dependency only in their [dev-dependencies] is a dev edge. Git sources are marked
 * (`vcs_url`, ../origin.ts).
 */
import type { Package } from "../../../model/package.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { fragmentCommit, type Origin, originQualifiers } from "../origin.js";
import { langPurl } from "../purl.js";
import type { Siblings } from "../siblings.js";
import type { ParseResult } from "../types.js";
import { asString, dedupe } from "../types.js";
import { parseToml, tomlPackages } from "../toml.js";
import { workspaceCrates } from "./cargo-toml.js";

type Rec = Record<string, unknown>;

export function cargoPackage(name: string, version: string, path: string, extra: Partial<Package> = {}, qualifiers?: Record<string, string>): Package {
  return { type: "cargo", name, version, purl: langPurl("cargo", undefined, name, version, qualifiers), locations: [{ path }], ...extra };
}

const nodeId = (e: Rec): string => `${String(e.name)}@${String(e.version)}`;

function originOf(source: string | undefined): Origin | undefined {
  if (!source?.startsWith("git+")) return undefined;
  return { kind: "git", url: source.slice(4).replace(/[?#].*$/, ""), commit: fragmentCommit(source) };
}

function buildGraph(entries: Rec[], devNames: ReadonlyMap<string, ReadonlySet<string>>) {
  const byName = new Map<string, Rec[]>();
  for (const e of entries) byName.set(String(e.name), [...(byName.get(String(e.name)) ?? []), e]);
  const adjacency = new Map<string, DepEdge[]>();
  const roots: string[] = [];
  for (const e of entries) {
    // Without Cargo.toml files every crate of the workspace is a root, with no dev edge known.
    const dev = e.source !== undefined ? undefined : (devNames.get(String(e.name)) ?? (devNames.size === 0 ? new Set<string>() : undefined));
    if (dev) roots.push(nodeId(e));
    const edges: DepEdge[] = [];
    for (const d of Array.isArray(e.dependencies) ? e.dependencies : []) {
      const [name = "", version] = (typeof d === "string" ? d : "").split(" ");
      for (const t of (byName.get(name) ?? []).filter((x) => version === undefined || x.version === version)) {
        edges.push({ to: nodeId(t), dev: dev?.has(name) === true });
      }
    }
    adjacency.set(nodeId(e), edges);
  }
  return classifyGraph(mapGraph(roots, adjacency));
}

export function parseCargoLock(content: Buffer, path: string, siblings: Siblings = new Map()): ParseResult {
  const warnings: string[] = [];
  const entries = tomlPackages(parseToml(content, path, warnings)).filter((e) => asString(e.name) && asString(e.version));
  const crates = workspaceCrates(siblings, path, warnings);
  const graph = buildGraph(entries, crates);
  const out: Package[] = [];
  for (const e of entries) {
    const id = nodeId(e);
    const source = asString(e.source);
    const extra: Partial<Package> = source === undefined ? {} : { direct: graph.direct.has(id), ...(crates.size > 0 ? { dev: devOf(graph, id) === true } : {}) };
    out.push(cargoPackage(String(e.name), String(e.version), path, extra, originQualifiers(originOf(source))));
  }
  return { packages: dedupe(out), warnings };
}
