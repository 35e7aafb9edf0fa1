/**
 * go.sum: `module version h1:hash` (the module's content) and `module version/go.mod h1:hash` (its go.mod
 * only). A `/go.mod`-only line means the go command read that version's go.mod while resolving the module
 * graph, not that the version is built, so only content lines count; of several versions of one module the
 * highest (Go semver) is the one the build selected (older lines may linger).
 */
import { compareGoParsed, parseGo, type GoVersion } from "../../../versioning/go/index.js";
import { isModulePath, isModuleVersion } from "./package.js";

const MAX_WARNINGS = 10;

export interface GoSum {
  /** Module path → every version with a content hash, in file order. */
  modules: Map<string, string[]>;
  warnings: string[];
}

export function parseGoSum(content: Buffer, path: string): GoSum {
  const modules = new Map<string, string[]>();
  const warnings: string[] = [];
  let bad = 0;
  content.toString("utf8").split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const [mod, version, hash, extra] = line.split(/\s+/);
    if (!mod || !version || !hash || extra !== undefined || !isModulePath(mod) || !isModuleVersion(version.replace(/\/go\.mod$/, ""))) {
      if (bad++ < MAX_WARNINGS) warnings.push(`${path}: line ${i + 1}: unreadable ${JSON.stringify(line.slice(0, 120))}`);
      return;
    }
    if (version.endsWith("/go.mod")) return;
    const list = modules.get(mod);
    if (!list) modules.set(mod, [version]);
    else if (!list.includes(version)) list.push(version);
  });
  if (bad > MAX_WARNINGS) warnings.push(`${path}: ${bad - MAX_WARNINGS} more unreadable lines`);
  return { modules, warnings };
}

/** The highest of a module's versions (Go semver; build metadata such as `+incompatible` ignored). */
export function highestGoVersion(versions: readonly string[]): string | undefined {
  let best: { raw: string; v: GoVersion } | undefined;
  for (const raw of versions) {
    const v = parseGo(raw);
    if (typeof v === "string") continue;
    if (!best || compareGoParsed(v, best.v) > 0) best = { raw, v };
  }
  return best?.raw;
}
