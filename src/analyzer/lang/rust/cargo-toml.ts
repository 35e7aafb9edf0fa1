/**
 * Cargo.toml files beside a Cargo.lock: the root crate and the workspace members (`[workspace] members`
 * globs minus `exclude`), each with the dependencies it declares only as dev-dependencies ([dev-dependencies]
 * and `[target.'cfg(…)'.dev-dependencies]`, by package name: `foo = { package = "bar" }` is bar).
 */
import { parseToml } from "../toml.js";
import { dirGlob, type Siblings } from "../siblings.js";
import { asRecord, asString } from "../types.js";

type Rec = Record<string, unknown>;

/** Package names of a dependency table; `foo = { workspace = true }` takes the rename of `[workspace.dependencies]`. */
function names(table: unknown, inherited: Rec): string[] {
  return Object.entries(asRecord(table) ?? {}).map(([key, v]) => {
    const dep = asRecord(v);
    const from = dep?.workspace === true ? asRecord(inherited[key]) : undefined;
    return asString(dep?.package) ?? asString(from?.package) ?? key;
  });
}

/** The tables of a kind at the top level and under every `[target.*]`. */
function tables(doc: Rec, kind: string): unknown[] {
  return [doc[kind], ...Object.values(asRecord(doc.target) ?? {}).map((t) => asRecord(t)?.[kind])];
}

function devOnly(doc: Rec, inherited: Rec): Set<string> {
  const of = (t: unknown) => names(t, inherited);
  const prod = new Set([...tables(doc, "dependencies"), ...tables(doc, "build-dependencies")].flatMap(of));
  return new Set(tables(doc, "dev-dependencies").flatMap(of).filter((n) => !prod.has(n)));
}

function globs(v: unknown): RegExp[] {
  return Array.isArray(v) ? v.filter((g): g is string => typeof g === "string").map(dirGlob) : [];
}

/** Crate name → names it declares only as dev-dependencies; empty without a Cargo.toml beside the lockfile. */
export function workspaceCrates(siblings: Siblings, lockPath: string, warnings: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const dir = lockPath.slice(0, lockPath.lastIndexOf("/") + 1);
  const rootText = siblings.get("Cargo.toml");
  const root = rootText ? parseToml(rootText, `${dir}Cargo.toml`, warnings) : undefined;
  if (!root) return out;
  const workspace = asRecord(root.workspace);
  const include = globs(workspace?.members);
  const exclude = globs(workspace?.exclude);
  const manifests: Rec[] = [root];
  for (const [rel, content] of siblings) {
    if (!rel.endsWith("/Cargo.toml")) continue;
    const member = rel.slice(0, -"/Cargo.toml".length);
    if (!include.some((r) => r.test(member)) || exclude.some((r) => r.test(member))) continue;
    const doc = parseToml(content, `${dir}${rel}`, warnings);
    if (doc) manifests.push(doc);
  }
  for (const doc of manifests) {
    const name = asString(asRecord(doc.package)?.name);
    if (name) out.set(name, devOnly(doc, asRecord(workspace?.dependencies) ?? {}));
  }
  return out;
}
