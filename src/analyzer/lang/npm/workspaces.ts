/**
 * The project and its workspace members as package.json files beside a lockfile: the roots of the
 * dependency graph (src/analyzer/lang/graph.ts). Members are the directories the root's `workspaces` globs
 * (`["packages/*"]` or `{ packages: […] }`, `!negations`) match that hold a package.json.
 */
import { dirGlob as globRegExp, type Siblings } from "../siblings.js";
import { asRecord, asString } from "../types.js";

export interface Manifest {
  /** Directory relative to the lockfile: `.` for the project, `packages/a` for a member. */
  dir: string;
  doc: Record<string, unknown>;
}

/** A dependency a manifest declares: `dev` for devDependencies. */
export interface DeclaredDep {
  name: string;
  range: string;
  dev: boolean;
}

function parseManifest(content: Buffer | undefined, path: string, warnings: string[]): Record<string, unknown> | undefined {
  if (!content) return undefined;
  try {
    return asRecord(JSON.parse(content.toString("utf8").replace(/^\uFEFF/, "")));
  } catch {
    warnings.push(`${path}: invalid JSON, its dependencies are not classified as dev or prod`);
    return undefined;
  }
}

function workspaceGlobs(doc: Record<string, unknown>): string[] {
  const w = doc.workspaces;
  const list = Array.isArray(w) ? w : asRecord(w)?.packages;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : [];
}

/** The root manifest (`package.json` beside the lockfile) and its workspace members; none without a root manifest. */
export function projectManifests(siblings: Siblings, lockPath: string, warnings: string[]): Manifest[] {
  const lockDir = lockPath.slice(0, lockPath.lastIndexOf("/") + 1);
  const root = parseManifest(siblings.get("package.json"), `${lockDir}package.json`, warnings);
  if (!root) return [];
  const globs = workspaceGlobs(root);
  const include = globs.filter((g) => !g.startsWith("!")).map(globRegExp);
  const exclude = globs.filter((g) => g.startsWith("!")).map((g) => globRegExp(g.slice(1)));
  const out: Manifest[] = [{ dir: ".", doc: root }];
  for (const [rel, content] of siblings) {
    if (!rel.endsWith("/package.json") || rel.includes("node_modules/")) continue;
    const dir = rel.slice(0, -"/package.json".length);
    if (!include.some((r) => r.test(dir)) || exclude.some((r) => r.test(dir))) continue;
    const doc = parseManifest(content, `${lockDir}${rel}`, warnings);
    if (doc) out.push({ dir, doc });
  }
  return out;
}

/** dependencies and optionalDependencies (prod), devDependencies (dev); a name in both counts as prod. */
export function declaredDeps(doc: Record<string, unknown>): DeclaredDep[] {
  const out = new Map<string, DeclaredDep>();
  const add = (field: string, dev: boolean): void => {
    for (const [name, range] of Object.entries(asRecord(doc[field]) ?? {})) {
      const r = asString(range);
      if (r !== undefined && !out.has(name)) out.set(name, { name, range: r, dev });
    }
  };
  add("dependencies", false);
  add("optionalDependencies", false);
  add("devDependencies", true);
  return [...out.values()];
}
