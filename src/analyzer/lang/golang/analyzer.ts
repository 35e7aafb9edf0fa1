/** Go analyzers: build info of executables, and go.mod (with the go.sum beside it for go < 1.17). */
import { skipOversized, type AnalysisInput, type AnalysisResult, type Analyzer, type AnalyzerContext, type PackageSet } from "../../types.js";
import { defaultMaxBytes, langAnalyzer } from "../analyzer.js";
import { parseGoBinary } from "./go-binary.js";
import { parseGoMod } from "./go-mod.js";

/** Executables large enough to be a Go program; shared libraries and scripts are cheap to reject later. */
export const goBinaryAnalyzer: Analyzer = langAnalyzer({
  id: "go-binary",
  version: 2,
  maxBytes: 512 * 1024 * 1024,
  wantsFile: (info) => (info.mode & 0o111) !== 0 && info.size >= 64 * 1024,
  parserFor: (path) => (/\.(so(\.\d+)*|sh|py|pl|rb|js)$/.test(path) ? undefined : parseGoBinary),
});

const GO_MOD_ID = "go-mod";
const isGoFile = (path: string, name: "go.mod" | "go.sum"): boolean =>
  (path === name || path.endsWith(`/${name}`)) && !path.includes("/vendor/");
const dirOf = (path: string): string => path.slice(0, path.lastIndexOf("/") + 1);

/**
 * go.mod files, each with the go.sum of its directory: not per file, so that both come together (a scanned
 * directory is one pseudo-layer; in an image the pair is read when both are in the same layer).
 */
export const goModAnalyzer: Analyzer = {
  id: GO_MOD_ID,
  version: 3,
  wants: (path, info) => info.type === "file" && (isGoFile(path, "go.mod") || isGoFile(path, "go.sum")),
  analyze: (files, ctx) => Promise.resolve(analyzeGoModules(files, ctx)),
};

function analyzeGoModules(files: readonly AnalysisInput[], ctx: AnalyzerContext): AnalysisResult {
  const fits = files.filter((f) => {
    if (f.content.length <= defaultMaxBytes) return true;
    skipOversized(ctx, f.path, f.content.length, defaultMaxBytes);
    return false;
  });
  const sums = new Map(fits.filter((f) => isGoFile(f.path, "go.sum")).map((f) => [dirOf(f.path), f]));
  const packageSets: PackageSet[] = [];
  for (const mod of fits.filter((f) => isGoFile(f.path, "go.mod"))) {
    let r;
    try {
      r = parseGoMod(mod.content, mod.path, sums.get(dirOf(mod.path)));
    } catch (err) {
      ctx.warn(`${mod.path}: could not be parsed (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    for (const w of r.warnings) ctx.warn(w);
    if (r.packages.length > 0) packageSets.push({ path: mod.path, analyzer: GO_MOD_ID, packages: r.packages });
  }
  return { packageSets };
}
