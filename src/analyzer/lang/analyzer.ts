/** Builds a thin Analyzer around pure per-file parsers, with a size limit per file. */
import type { Analyzer, AnalysisInput, AnalysisResult, AnalyzerContext, PackageSet } from "../types.js";
import type { FileInfo } from "../../layer/types.js";
import type { LangParser } from "./types.js";

export interface LangAnalyzerSpec {
  id: string;
  version: number;
  /** Picks the parser for a path, or undefined when the path is not wanted. */
  parserFor(path: string): LangParser | undefined;
  /** Files larger than this are skipped with a warning (default 20 MiB). */
  maxBytes?: number;
}

export const defaultMaxBytes = 20 * 1024 * 1024;

export function langAnalyzer(spec: LangAnalyzerSpec): Analyzer {
  const maxBytes = spec.maxBytes ?? defaultMaxBytes;
  return {
    id: spec.id,
    version: spec.version,
    wants: (path: string, info: FileInfo) => info.type === "file" && spec.parserFor(path) !== undefined,
    analyze: (files: readonly AnalysisInput[], ctx: AnalyzerContext) =>
      Promise.resolve(analyzeFiles(spec, maxBytes, files, ctx)),
  };
}

function analyzeFiles(
  spec: LangAnalyzerSpec,
  maxBytes: number,
  files: readonly AnalysisInput[],
  ctx: AnalyzerContext,
): AnalysisResult {
  const packageSets: PackageSet[] = [];
  for (const file of files) {
    const parser = spec.parserFor(file.path);
    if (!parser) continue;
    if (file.content.length > maxBytes) {
      ctx.warn(`${file.path}: skipped, ${file.content.length} bytes is over the ${maxBytes}-byte limit`, file.path);
      continue;
    }
    let result;
    try {
      result = parser(file.content, file.path);
    } catch (err) {
      ctx.warn(`${file.path}: could not be parsed (${err instanceof Error ? err.message : String(err)})`, file.path);
      continue;
    }
    for (const w of result.warnings) ctx.warn(w, file.path);
    if (result.packages.length > 0) packageSets.push({ path: file.path, analyzer: spec.id, packages: result.packages });
  }
  return { packageSets };
}
