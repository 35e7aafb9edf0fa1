/**
 * yarn.lock v1 (classic): entries `"name@range", name@range2:` with `version`, `resolved` and
 * `dependencies:` / `optionalDependencies:` blocks. An alias (`"prettier-2@npm:prettier@^2"`) is the real
 * package (prettier). With the project's package.json files (./workspaces.ts) the entries form a graph whose
 * roots are the project and its workspace members: dev-only packages are found by graph.ts.
 */
import type { Package } from "../../../model/package.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { fragmentCommit, isGitSpec, isPathSpec, isUrlSpec, type Origin, originQualifiers } from "../origin.js";
import type { Siblings } from "../siblings.js";
import type { ParseResult } from "../types.js";
import { asRecord, dedupe } from "../types.js";
import { npmPackage } from "./package.js";
import { declaredDeps, projectManifests } from "./workspaces.js";

interface Entry {
  specs: string[];
  line: number;
  version?: string;
  resolved?: string;
  deps: { name: string; range: string }[];
}

const unquote = (s: string): string => s.trim().replace(/^"(.*)"$/, "$1");

/** `"@scope/name@^1.0.0"` → name and range (split at the first `@` that is not the first character). */
export function splitSpec(spec: string): { name: string; range: string } | undefined {
  const at = spec.indexOf("@", 1);
  return at > 0 ? { name: spec.slice(0, at), range: spec.slice(at + 1) } : undefined;
}

/** The package name a `resolutions` key overrides: `name`, `parent/name`, `name@npm:^1`. */
function resolutionTarget(key: string): string | undefined {
  return (/(@[^/@]+\/[^/@]+)(@[^/]*)?$/.exec(key) ?? /([^/@]+)(@[^/]*)?$/.exec(key))?.[1];
}

/** The root package.json's `resolutions`: package name → the range every dependency on it resolves to. */
export function resolutionOverrides(root: Record<string, unknown> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(asRecord(root?.resolutions) ?? {})) {
    const name = resolutionTarget(k);
    if (name && typeof v === "string") out.set(name, v);
  }
  return out;
}

/** spec → entry, else the root's `resolutions` range for that name, else the only entry of that name. */
function specLookup(entries: readonly Entry[], root: Record<string, unknown> | undefined) {
  const bySpec = new Map<string, string>();
  const byName = new Map<string, Set<string>>();
  for (const e of entries) {
    for (const s of e.specs) {
      bySpec.set(s, String(e.line));
      const name = splitSpec(s)?.name;
      if (name) byName.set(name, (byName.get(name) ?? new Set()).add(String(e.line)));
    }
  }
  const overrides = resolutionOverrides(root);
  return (name: string, range: string): string | undefined => {
    const override = overrides.get(name);
    const only = byName.get(name);
    return bySpec.get(`${name}@${range}`) ?? (override === undefined ? undefined : bySpec.get(`${name}@${override}`)) ?? (only?.size === 1 ? [...only][0] : undefined);
  };
}

function readEntries(text: string, path: string, warnings: string[]): Entry[] {
  const out: Entry[] = [];
  let cur: Entry | undefined;
  let inDeps = false;
  let lineNo = 0;
  for (const line of text.split(/\r?\n/)) {
    lineNo++;
    if (line.trim() === "" || line.startsWith("#")) continue;
    if (!line.startsWith(" ")) {
      const specs = line.endsWith(":") ? line.slice(0, -1).split(",").map(unquote).filter((s) => splitSpec(s)) : [];
      cur = specs.length > 0 ? { specs, line: lineNo, deps: [] } : undefined;
      if (cur) out.push(cur);
      else warnings.push(`${path}:${lineNo}: unrecognised yarn.lock entry header`);
      continue;
    }
    if (!cur) continue;
    const field = /^ {2}(\S+?):? +(.*)$/.exec(line);
    if (/^ {2}\S/.test(line)) inDeps = /^ {2}(dependencies|optionalDependencies):\s*$/.test(line);
    if (field?.[1] === "version" && field[2]) cur.version = unquote(field[2]);
    else if (field?.[1] === "resolved" && field[2]) cur.resolved = unquote(field[2]);
    const dep = inDeps ? /^ {4}("[^"]+"|\S+) +(.+)$/.exec(line) : null;
    if (dep?.[1] && dep[2]) cur.deps.push({ name: unquote(dep[1]), range: unquote(dep[2]) });
  }
  return out;
}

/** Where an entry comes from, by the range its header asks for (`github:`, a URL, `file:`). */
function originOf(range: string, resolved: string | undefined): Origin | undefined {
  if (isPathSpec(range)) return { kind: "path", path: range.replace(/^(file|link):/, "") };
  if (isUrlSpec(range) && !/\.git(#|$)/.test(range)) return { kind: "url", url: resolved?.replace(/#.*$/, "") ?? range };
  if (isGitSpec(range) || isUrlSpec(range)) return { kind: "git", url: range, commit: fragmentCommit(resolved ?? "") ?? fragmentCommit(range) };
  return undefined;
}

/** The package an entry installs: an alias (`npm:real@range`) is the real package. */
function identity(e: Entry): { name: string; origin?: Origin } | undefined {
  const first = splitSpec(e.specs[0] ?? "");
  if (!first) return undefined;
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(first.range);
  if (alias?.[1]) return { name: alias[1] };
  return { name: first.name, origin: originOf(first.range, e.resolved) };
}

export function parseYarnClassic(text: string, path: string, siblings: Siblings = new Map()): ParseResult {
  const warnings: string[] = [];
  const entries = readEntries(text, path, warnings);
  const roots = projectManifests(siblings, path, warnings);
  const lookup = specLookup(entries, roots[0]?.doc);
  const adjacency = new Map<string, DepEdge[]>();
  for (const e of entries) {
    const edges = e.deps.map((d) => lookup(d.name, d.range)).filter((to): to is string => to !== undefined);
    adjacency.set(String(e.line), edges.map((to) => ({ to })));
  }
  for (const m of roots) {
    const edges: DepEdge[] = [];
    for (const d of declaredDeps(m.doc)) {
      const to = lookup(d.name, d.range);
      if (to !== undefined) edges.push({ to, dev: d.dev });
    }
    adjacency.set(`root:${m.dir}`, edges);
  }
  const graph = classifyGraph(mapGraph(roots.map((m) => `root:${m.dir}`), adjacency));
  const out: Package[] = [];
  for (const e of entries) {
    const id = identity(e);
    if (!id || !e.version) continue;
    const node = String(e.line);
    const dev = devOf(graph, node);
    const extra = roots.length > 0 ? { direct: graph.direct.has(node), dev: dev === true } : {};
    out.push(npmPackage(id.name, e.version, path, extra, originQualifiers(id.origin)));
  }
  return { packages: dedupe(out), warnings };
}
