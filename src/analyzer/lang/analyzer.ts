/** Builds a thin Analyzer around pure per-file parsers, with a size limit per file. */
import { skipOversized, type Analyzer, type AnalysisInput, type AnalysisResult, type AnalyzerContext, type PackageSet } from "../types.js";
import type { FileInfo } from "../../layer/types.js";
import type { LangParser, ParseResult } from "./types.js";

export interface LangAnalyzerSpec {
  id: string;
  version: number;
  /** Picks the parser for a path, or undefined when the path is not wanted. */
  parserFor(path: string): LangParser | undefined;
  /** Extra test on the file (mode, size) for analyzers that look at executables. */
  wantsFile?(info: FileInfo): boolean;
  /** Files larger than this are skipped with a warning (default 64 MiB). */
  maxBytes?: number;
}

export const defaultMaxBytes = 64 * 1024 * 1024;

export function langAnalyzer(spec: LangAnalyzerSpec): Analyzer {
  const maxBytes = spec.maxBytes ?? defaultMaxBytes;
  return {
    id: spec.id,
    version: spec.version,
    perFile: true,
    wants: (path: string, info: FileInfo) =>
      info.type === "file" && (spec.wantsFile?.(info) ?? true) && spec.parserFor(path) !== undefined,
    analyze: (files: readonly AnalysisInput[], ctx: AnalyzerContext) => analyzeFiles(spec, maxBytes, files, ctx),
  };
}

async function analyzeFiles(
  spec: LangAnalyzerSpec,
  maxBytes: number,
  files: readonly AnalysisInput[],
  ctx: AnalyzerContext,
): Promise<AnalysisResult> {
  const packageSets: PackageSet[] = [];
  for (const file of files) {
    const parser = spec.parserFor(file.path);
    const set = parser ? await parseFile(spec.id, file, maxBytes, ctx, () => parser(file.content, file.path)) : undefined;
    if (set) packageSets.push(set);
  }
  return { packageSets };
}

/**
 * One file through its parser: over `maxBytes` or unparseable is a warning naming the file; the parser's own
 * warnings already name it (parsers are also used on their own), so no `path` prefix is added.
 */
export async function parseFile(
  analyzer: string,
  file: AnalysisInput,
  maxBytes: number,
  ctx: AnalyzerContext,
  parse: () => ParseResult | Promise<ParseResult>,
): Promise<PackageSet | undefined> {
  if (file.content.length > maxBytes) {
    skipOversized(ctx, file.path, file.content.length, maxBytes);
    return undefined;
  }
  let result;
  try {
    result = await parse();
  } catch (err) {
    ctx.warn(`${file.path}: could not be parsed (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
  for (const w of result.warnings) ctx.warn(w);
  return result.packages.length > 0 ? { path: file.path, analyzer, packages: result.packages } : undefined;
}
