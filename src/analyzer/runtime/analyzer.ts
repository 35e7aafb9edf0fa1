/** The per-file analyzer over all runtime detectors: the first detector that wants a file reads it. */
import type { FileInfo } from "../../layer/types.js";
import { skipOversized, type Analyzer, type AnalysisInput, type AnalysisResult, type AnalyzerContext, type PackageSet } from "../types.js";
import type { RuntimeDetector } from "./types.js";

/** Files larger than this are skipped with a warning (the inspector's own default limit). */
export const RUNTIME_MAX_BYTES = 256 * 1024 * 1024;

export function runtimeAnalyzerOf(id: string, detectors: readonly RuntimeDetector[]): Analyzer {
  const pick = (path: string, info: FileInfo): RuntimeDetector | undefined =>
    info.type === "file" ? detectors.find((d) => d.wants(path, info)) : undefined;
  return {
    id,
    version: 1,
    perFile: true,
    wants: (path, info) => pick(path, info) !== undefined,
    analyze: (files: readonly AnalysisInput[], ctx: AnalyzerContext): Promise<AnalysisResult> => {
      const packageSets: PackageSet[] = [];
      for (const file of files) {
        const d = pick(file.path, file.info);
        if (!d) continue;
        if (file.content.length > RUNTIME_MAX_BYTES) {
          skipOversized(ctx, file.path, file.content.length, RUNTIME_MAX_BYTES);
          continue;
        }
        try {
          const packages = d.detect(file.content, file.path);
          if (packages.length > 0) packageSets.push({ path: file.path, analyzer: id, packages });
        } catch (err) {
          ctx.warn(`${file.path}: ${d.name} version not readable (${err instanceof Error ? err.message : String(err)})`, file.path);
        }
      }
      return Promise.resolve({ packageSets });
    },
  };
}
