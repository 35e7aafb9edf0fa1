/**
 * Lockfiles read together with the manifests of their tree: yarn.lock needs the root and workspace
 * package.json files (which dependencies are dev), Cargo.lock the Cargo.toml files ([dev-dependencies]). Not
 * per file: every wanted file of a layer comes at once (a scanned directory is one pseudo-layer), and each
 * lockfile gets the manifests under its directory, keyed by their path relative to it (`package.json`,
 * `packages/a/package.json`).
 */
import type { AnalysisInput, AnalysisResult, Analyzer, AnalyzerContext, PackageSet } from "../types.js";
import { defaultMaxBytes, parseFile } from "./analyzer.js";
import type { ParseResult } from "./types.js";

/** Manifests under a lockfile's directory, by path relative to it. */
export type Siblings = ReadonlyMap<string, Buffer>;

export type SiblingParser = (content: Buffer, path: string, siblings: Siblings) => ParseResult | Promise<ParseResult>;

export interface SiblingAnalyzerSpec {
  id: string;
  version: number;
  parserFor(path: string): SiblingParser | undefined;
  /** A manifest the lockfiles of its tree may read. */
  isSibling(path: string): boolean;
}

/** Manifests over this size are left out (package.json, Cargo.toml are kilobytes). */
const MAX_SIBLING_BYTES = 4 * 1024 * 1024;
/** At most this many manifests per lockfile (a monorepo's workspaces). */
const MAX_SIBLINGS = 20_000;

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf("/") + 1);

export function siblingAnalyzer(spec: SiblingAnalyzerSpec): Analyzer {
  return {
    id: spec.id,
    version: spec.version,
    wants: (path, info) => info.type === "file" && (spec.parserFor(path) !== undefined || spec.isSibling(path)),
    analyze: (files, ctx) => analyzeWithSiblings(spec, files, ctx),
  };
}

function siblingsOf(lockPath: string, manifests: readonly AnalysisInput[]): Map<string, Buffer> {
  const dir = dirOf(lockPath);
  const out = new Map<string, Buffer>();
  for (const m of manifests) {
    if (out.size >= MAX_SIBLINGS) break;
    if (m.path.startsWith(dir) && m.content.length <= MAX_SIBLING_BYTES) out.set(m.path.slice(dir.length), m.content);
  }
  return out;
}

async function analyzeWithSiblings(spec: SiblingAnalyzerSpec, files: readonly AnalysisInput[], ctx: AnalyzerContext): Promise<AnalysisResult> {
  const manifests = files.filter((f) => spec.isSibling(f.path));
  const packageSets: PackageSet[] = [];
  for (const file of files) {
    const parser = spec.parserFor(file.path);
    const set = parser ? await parseFile(spec.id, file, defaultMaxBytes, ctx, () => parser(file.content, file.path, siblingsOf(file.path, manifests))) : undefined;
    if (set) packageSets.push(set);
  }
  return { packageSets };
}

/** A workspace-member glob (`packages/*`, `crates/**`, `./tools/x`) as a regular expression over relative directories. */
export function dirGlob(glob: string): RegExp {
  const g = glob.replace(/^\.\//, "").replace(/\/+$/, "");
  const body = g.split(/(\*\*\/?|\*|\?)/).map((part) => {
    if (part === "**") return ".*";
    if (part === "**/") return "(?:.*/)?";
    if (part === "*") return "[^/]*";
    if (part === "?") return "[^/]";
    return part.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  });
  return new RegExp(`^${body.join("")}$`);
}
