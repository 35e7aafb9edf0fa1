/**
 * package-lock.json v2/v3 `packages`: the node_modules tree keyed by install path. Dependencies resolve as
 * Node.js does (the nearest `node_modules/<name>` up the tree); links (`link: true`) point at their folder.
 * Roots are the project (`""`) and the workspace members its `workspaces` globs match; they are not reported
 * (they are the project's own code), their direct dependencies are `direct`. Dev-only packages come from the
 * graph (../graph.ts); npm's own `dev` flag is the fallback for an entry no root reaches (`devOptional` is
 * not dev: `npm ci --omit=dev` installs it, an optional dependency of a prod package needs it).
 */
import type { Package } from "../../../model/package.js";
import { classifyGraph, devOf, type DepEdge, mapGraph } from "../graph.js";
import { fragmentCommit, isGitSpec, isPathSpec, isUrlSpec, type Origin, originQualifiers } from "../origin.js";
import { asRecord, asString } from "../types.js";
import { npmLicenses, npmPackage } from "./package.js";
import { dirGlob as globRegExp } from "../siblings.js";

type Entries = Record<string, unknown>;
const NM = "node_modules/";

/** The package name for a `packages` key: the part after the last `node_modules/`. */
function nameFromKey(key: string): string | undefined {
  const i = key.lastIndexOf(NM);
  return i < 0 ? undefined : key.slice(i + NM.length);
}

/** Node.js resolution of `name` required from the package at `key`: nearest `<dir>/node_modules/<name>`. */
function resolve(packages: Entries, key: string, name: string): string | undefined {
  let dir = key;
  for (;;) {
    if (!dir.endsWith("/node_modules") && dir !== "node_modules") {
      const candidate = dir === "" ? `${NM}${name}` : `${dir}/${NM}${name}`;
      if (candidate in packages) return candidate;
    }
    if (dir === "") return undefined;
    const slash = dir.lastIndexOf("/");
    dir = slash < 0 ? "" : dir.slice(0, slash);
  }
}

function workspaceRoots(packages: Entries): string[] {
  const root = asRecord(packages[""]);
  const globs = Array.isArray(root?.workspaces) ? root.workspaces.filter((g): g is string => typeof g === "string") : [];
  const include = globs.filter((g) => !g.startsWith("!")).map(globRegExp);
  const exclude = globs.filter((g) => g.startsWith("!")).map((g) => globRegExp(g.slice(1)));
  const members = Object.keys(packages).filter((k) => k !== "" && !k.startsWith("../") && !k.includes(NM));
  return ["", ...members.filter((k) => include.some((r) => r.test(k)) && !exclude.some((r) => r.test(k)))];
}

const depFields = ["dependencies", "optionalDependencies", "peerDependencies"] as const;

function buildGraph(packages: Entries, roots: ReadonlySet<string>) {
  const adjacency = new Map<string, DepEdge[]>();
  const specs = new Map<string, string[]>();
  for (const [key, raw] of Object.entries(packages)) {
    const entry = asRecord(raw);
    if (!entry) continue;
    const linked = entry.link === true ? asString(entry.resolved) : undefined;
    const edges: DepEdge[] = linked !== undefined && linked in packages ? [{ to: linked }] : [];
    const fields: [string, boolean][] = depFields.map((f) => [f, false]);
    if (roots.has(key)) fields.push(["devDependencies", true]);
    for (const [field, dev] of fields) {
      for (const [name, spec] of Object.entries(asRecord(entry[field]) ?? {})) {
        const to = resolve(packages, key, name);
        if (to === undefined) continue;
        edges.push({ to, dev });
        specs.set(to, [...(specs.get(to) ?? []), String(spec)]);
      }
    }
    adjacency.set(key, edges);
  }
  return { graph: classifyGraph(mapGraph(roots, adjacency)), specs };
}

/** A git checkout, a URL tarball or a local tarball/folder, by what npm resolved and what was asked. */
function originOf(key: string, entry: Record<string, unknown>, specs: readonly string[]): Origin | undefined {
  const resolved = asString(entry.resolved) ?? "";
  if (!key.includes(NM)) return { kind: "path", path: key };
  if (resolved.startsWith("file:")) return { kind: "path", path: resolved.slice("file:".length) };
  if (isGitSpec(resolved)) return { kind: "git", url: resolved, commit: fragmentCommit(resolved) };
  if (isUrlSpec(resolved) && specs.some((s) => isUrlSpec(s) || isGitSpec(s) || isPathSpec(s))) return { kind: "url", url: resolved };
  return undefined;
}

export function packagesTree(packages: Entries, path: string): Package[] {
  const roots = new Set(workspaceRoots(packages));
  const { graph, specs } = buildGraph(packages, roots);
  const direct = new Set(graph.direct);
  for (const d of graph.direct) {
    const e = asRecord(packages[d]);
    if (e?.link === true && typeof e.resolved === "string") direct.add(e.resolved);
  }
  const out: Package[] = [];
  for (const [key, raw] of Object.entries(packages)) {
    const entry = asRecord(raw);
    if (!entry || roots.has(key) || entry.link === true) continue;
    const name = asString(entry.name) ?? nameFromKey(key) ?? key.slice(key.lastIndexOf("/") + 1);
    const version = asString(entry.version);
    if (!name || !version) continue;
    const licenses = npmLicenses(entry);
    const dev = devOf(graph, key) ?? entry.dev === true;
    const extra: Partial<Package> = { dev, direct: direct.has(key), ...(licenses ? { licenses } : {}) };
    out.push(npmPackage(name, version, path, extra, originQualifiers(originOf(key, entry, specs.get(key) ?? []))));
  }
  return out;
}
