/**
 * yarn.lock of Yarn Berry (v2+, YAML with `__metadata`). Entries are keyed by descriptors
 * (`debug@npm:^4.3.4, debug@npm:^4.1.0`) and name their locator (`resolution: "debug@npm:4.3.4"`). Workspaces
 * (`name@workspace:packages/a`) are the roots; their lock entries list dependencies and devDependencies together,
 * so which ones are dev comes from their package.json (./workspaces.ts). A patch (`patch:resolve@npm%3A…`) stands
 * for the package it patches; links and portals are not packages; git and URL packages are marked (../origin.ts).
 */
import { parse as parseYaml } from "yaml";
import { yamlTooDeep } from "../yaml.js";
import type { Package } from "../../../model/package.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { fragmentCommit, type Origin, originQualifiers } from "../origin.js";
import type { Siblings } from "../siblings.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { npmPackage } from "./package.js";
import { type Manifest, projectManifests } from "./workspaces.js";
import { resolutionOverrides, splitSpec } from "./yarn-classic.js";

interface Locator {
  name: string;
  protocol: string;
  /** What follows the protocol: a version, a workspace path, a URL… */
  ref: string;
}

/** `@scope/name@npm:1.2.3` → name, protocol and reference. */
function parseLocator(res: string): Locator | undefined {
  const s = splitSpec(res);
  if (!s) return undefined;
  const m = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(s.range);
  return m?.[1] !== undefined ? { name: s.name, protocol: m[1], ref: m[2] ?? "" } : { name: s.name, protocol: "", ref: s.range };
}

function originOf(loc: Locator): Origin | undefined | "skip" {
  if (loc.protocol === "npm" || loc.protocol === "") return undefined;
  if (loc.protocol === "file") return { kind: "path", path: loc.ref.replace(/#.*$/, "") };
  if (/^(git|git\+\w+|ssh)$/.test(loc.protocol) || /#(.*&)?commit=/.test(loc.ref)) {
    return { kind: "git", url: `${loc.protocol}:${loc.ref}`, commit: fragmentCommit(loc.ref) };
  }
  if (loc.protocol === "http" || loc.protocol === "https") return { kind: "url", url: `${loc.protocol}:${loc.ref}` };
  return "skip"; // workspace, patch, link, portal, exec: not a package of its own
}

/** `name@range` as the lockfile keys it: a range without protocol is an npm range. */
function descriptorKeys(name: string, range: string): string[] {
  return /^[a-z][a-z0-9+.-]*:/i.test(range) ? [`${name}@${range}`] : [`${name}@${range}`, `${name}@npm:${range}`];
}

/** The descriptor a patch applies to: `resolve@patch:resolve@npm%3A^1.20.0#…` → `resolve@npm:^1.20.0`. */
function patchedDescriptor(key: string): string | undefined {
  const m = /@patch:(.+?)#/.exec(key);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

interface BerryEntry {
  keys: string[];
  locator: string;
  version?: string;
  deps: [string, string][];
}

function readEntries(doc: Record<string, unknown>): BerryEntry[] {
  const out: BerryEntry[] = [];
  for (const [key, raw] of Object.entries(doc)) {
    const entry = asRecord(raw);
    if (key === "__metadata" || !entry) continue;
    const keys = key.split(",").map((k) => k.trim()).filter(Boolean);
    const version = asString(entry.version) ?? (typeof entry.version === "number" ? String(entry.version) : undefined);
    const deps = Object.entries(asRecord(entry.dependencies) ?? {}).flatMap(([n, r]): [string, string][] =>
      typeof r === "string" || typeof r === "number" ? [[n, String(r)]] : []);
    out.push({ keys, locator: asString(entry.resolution) ?? keys[0] ?? "", version, deps });
  }
  return out;
}

/** Names a workspace declares only as devDependencies (from its package.json), by workspace directory. */
function devOnlyNames(manifests: readonly Manifest[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const m of manifests) {
    const prod = new Set([...Object.keys(asRecord(m.doc.dependencies) ?? {}), ...Object.keys(asRecord(m.doc.optionalDependencies) ?? {})]);
    out.set(m.dir, new Set(Object.keys(asRecord(m.doc.devDependencies) ?? {}).filter((n) => !prod.has(n))));
  }
  return out;
}

/**
 * Descriptor → locator. A descriptor the lockfile does not key was rewritten by the root's `resolutions`
 * (`"@types/node": "18.x"` makes every `@types/node@npm:*` the `@types/node@npm:18.x` entry); failing that,
 * the only locked package of that name.
 */
function descriptorLookup(entries: BerryEntry[], rootManifest: Record<string, unknown> | undefined) {
  const byDescriptor = new Map<string, string>();
  const byName = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const k of e.keys) {
      byDescriptor.set(k, e.locator);
      const name = splitSpec(k)?.name;
      if (name) byName.set(name, (byName.get(name) ?? new Set()).add(e.locator));
    }
  }
  const overrides = resolutionOverrides(rootManifest);
  const find = (name: string, range: string) => descriptorKeys(name, range).map((k) => byDescriptor.get(k)).find((x) => x !== undefined);
  return (name: string, range: string): string | undefined => {
    const override = overrides.get(name);
    const only = byName.get(name);
    return find(name, range) ?? (override === undefined ? undefined : find(name, override)) ?? (only?.size === 1 ? [...only][0] : undefined);
  };
}

function buildGraph(entries: BerryEntry[], devNames: Map<string, Set<string>>, rootManifest: Record<string, unknown> | undefined) {
  const lookup = descriptorLookup(entries, rootManifest);
  const roots: string[] = [];
  const adjacency = new Map<string, DepEdge[]>();
  for (const e of entries) {
    const loc = parseLocator(e.locator);
    const dev = loc?.protocol === "workspace" ? devNames.get(loc.ref) : undefined;
    if (loc?.protocol === "workspace") roots.push(e.locator);
    const edges: DepEdge[] = [];
    for (const [name, range] of e.deps) {
      const to = lookup(name, range);
      if (to) edges.push({ to, dev: dev?.has(name) === true });
    }
    const patched = e.keys.map(patchedDescriptor).map((d) => (d ? splitSpec(d) : undefined)).find((d) => d !== undefined);
    const base = patched ? lookup(patched.name, patched.range) : undefined;
    if (base) edges.push({ to: base });
    adjacency.set(e.locator, [...(adjacency.get(e.locator) ?? []), ...edges]);
  }
  return { graph: classifyGraph(mapGraph(roots, adjacency)), classified: devNames.size > 0 };
}

export function parseYarnBerry(text: string, path: string, siblings: Siblings = new Map()): ParseResult {
  const deep = yamlTooDeep(text, path);
  if (deep) return emptyResult([deep]);
  let doc: Record<string, unknown> | undefined;
  try {
    doc = asRecord(parseYaml(text, { maxAliasCount: 100, uniqueKeys: false }));
  } catch (err) {
    return emptyResult([`${path}: invalid YAML (${err instanceof Error ? err.message : String(err)})`]);
  }
  if (!doc) return emptyResult([`${path}: yarn.lock is not a mapping`]);
  const warnings: string[] = [];
  const entries = readEntries(doc);
  const manifests = projectManifests(siblings, path, warnings);
  const { graph, classified } = buildGraph(entries, devOnlyNames(manifests), manifests[0]?.doc);
  const out: Package[] = [];
  for (const e of entries) {
    const loc = parseLocator(e.locator);
    const origin = loc ? originOf(loc) : "skip";
    if (!loc || !e.version || origin === "skip") continue;
    const extra = classified ? { direct: graph.direct.has(e.locator), dev: devOf(graph, e.locator) === true } : { direct: graph.direct.has(e.locator) };
    out.push(npmPackage(loc.name, e.version, path, extra, originQualifiers(origin)));
  }
  return { packages: dedupe(out), warnings };
}
