/** Read one layer (or a directory as a pseudo-layer) once, feeding each analyzer the files it wants. */
import type { AnalysisInput, AnalysisResult, Analyzer, AnalyzerContext } from "../analyzer/types.js";
import { errorMessage, isDredgeError } from "../errors.js";
import { assertNotAborted } from "../util/abort.js";
import type { LayerEvent } from "../layer/types.js";
import type { Logger } from "../util/log.js";
import { DEFAULT_MAX_KEPT_BYTES, LayerBudget } from "./budget.js";
import { isInventoryAnalyzer, recordGap } from "./gaps.js";
import { ContentScratch, readContent } from "./read-content.js";
import type { CompactFile, LayerAnalysis } from "./types.js";

/** Files larger than this are not handed to analyzers (a warning names them; the inventory is incomplete). */
export const DEFAULT_MAX_ANALYZED_FILE = 256 * 1024 * 1024;

export interface AnalyzeEventsOptions {
  diffId: string;
  where: string;
  analyzers: readonly Analyzer[];
  logger: Logger;
  maxFileSize?: number;
  /** Stops the read between entries (CANCELLED); analyzers get it too. */
  signal?: AbortSignal | undefined;
  /** Handed to analyzers for their temporary files. */
  tmpDir?: string | undefined;
  /** Bytes of content kept until the layer ends (see budget.ts; default DEFAULT_MAX_KEPT_BYTES). */
  maxKeptBytes?: number;
}

export async function analyzeEvents(events: AsyncIterable<LayerEvent>, options: AnalyzeEventsOptions): Promise<LayerAnalysis> {
  const { analyzers, where } = options;
  const maxFile = options.maxFileSize ?? DEFAULT_MAX_ANALYZED_FILE;
  const out: LayerAnalysis = {
    schema: 1,
    diffId: options.diffId,
    files: [],
    whiteouts: [],
    opaques: [],
    results: {},
    warnings: [],
    stats: { entries: 0, bytes: 0, skipped: 0 },
  };
  const wanted = new Map<Analyzer, AnalysisInput[]>();
  const scratch = new ContentScratch();
  const env: AnalyzerEnv = { logger: options.logger, signal: options.signal, tmpDir: options.tmpDir };
  const budget = new LayerBudget(options.maxKeptBytes ?? DEFAULT_MAX_KEPT_BYTES);
  for await (const ev of events) {
    assertNotAborted(options.signal);
    if (ev.kind === "whiteout") out.whiteouts.push(ev.path);
    else if (ev.kind === "opaque") out.opaques.push(ev.path);
    else await takeEntry(ev, out, wanted, { analyzers, maxFile, where, scratch, budget });
    // Per-file analyzers are done with a file before the next one is read (the scratch buffer is reused).
    if (wanted.size > 0 && hasPerFile(wanted)) await runAnalyzers(takePerFile(wanted), out, env);
  }
  const overBudget = budget.warning(where);
  if (overBudget) out.warnings.push(overBudget);
  await runAnalyzers(wanted, out, env);
  // An aborted read is incomplete: it must not be returned (and cached) as the layer's analysis.
  assertNotAborted(options.signal);
  return out;
}

type EntryEvent = Extract<LayerEvent, { kind: "entry" }>;

async function takeEntry(
  ev: EntryEvent,
  out: LayerAnalysis,
  wanted: Map<Analyzer, AnalysisInput[]>,
  o: { analyzers: readonly Analyzer[]; maxFile: number; where: string; scratch: ContentScratch; budget: LayerBudget },
): Promise<void> {
  const info = ev.info;
  out.stats.entries++;
  out.stats.bytes += info.size;
  const file: CompactFile = info.linkname === undefined
    ? [info.path, info.type, info.size, info.mode]
    : [info.path, info.type, info.size, info.mode, info.linkname];
  out.files.push(file);
  if (info.type !== "file") return;
  const wanting = o.analyzers.filter((a) => a.wants(info.path, info));
  if (wanting.length === 0) return;
  if (info.size > o.maxFile) {
    out.warnings.push(`${o.where}: ${info.path} skipped: ${info.size} bytes is over the ${o.maxFile}-byte analysis limit`);
    out.stats.skipped++;
    if (wanting.some(isInventoryAnalyzer)) recordGap(out, "file-over-limit", o.maxFile, info.path);
    return;
  }
  const takers = o.budget.admit(wanting, info, out);
  if (takers.length === 0) return;
  // Only now: `content` opens a stream (a file descriptor, in a directory walk) that must then be read.
  const content = ev.content;
  if (!content) return;
  const buf = await readContent(content, info.size, takers.every((a) => a.perFile) ? o.scratch.take(info.size) : undefined);
  o.budget.keep(takers, buf.length);
  const input: AnalysisInput = { path: info.path, info, content: buf };
  for (const a of takers) {
    const list = wanted.get(a);
    if (list) list.push(input);
    else wanted.set(a, [input]);
  }
}

const hasPerFile = (wanted: Map<Analyzer, AnalysisInput[]>): boolean => [...wanted.keys()].some((a) => a.perFile);

function takePerFile(wanted: Map<Analyzer, AnalysisInput[]>): Map<Analyzer, AnalysisInput[]> {
  const now = new Map<Analyzer, AnalysisInput[]>();
  for (const [a, files] of wanted) if (a.perFile) now.set(a, files);
  for (const a of now.keys()) wanted.delete(a);
  return now;
}

type Lists = Record<string, unknown[] | undefined>;

/**
 * Results of several runs of one analyzer in one layer are concatenated, in place: per-file analyzers run
 * once per file (10,000 package.json files), so copying the lists at each run would be quadratic. The
 * first result is copied, never the analyzer's own lists.
 */
function mergeResult(into: AnalysisResult | undefined, add: AnalysisResult): AnalysisResult {
  const out = (into ?? {}) as Lists;
  for (const [key, b] of Object.entries(add as Lists)) {
    const a = out[key];
    if (a) for (const x of b ?? []) a.push(x);
    else out[key] = b ? [...b] : [];
  }
  return out as AnalysisResult;
}

type AnalyzerEnv = Pick<AnalyzerContext, "logger" | "signal" | "tmpDir">;

async function runAnalyzers(wanted: Map<Analyzer, AnalysisInput[]>, out: LayerAnalysis, env: AnalyzerEnv): Promise<void> {
  for (const [analyzer, files] of wanted) {
    const ctx: AnalyzerContext = {
      ...env,
      warn: (message, path) => out.warnings.push(path ? `${path}: ${message}` : message),
      skipped: (path, size, limit) => {
        out.warnings.push(`${path}: skipped, ${size} bytes is over the ${limit}-byte limit`);
        out.stats.skipped++;
        if (isInventoryAnalyzer(analyzer)) recordGap(out, "file-over-limit", limit, path);
      },
    };
    try {
      const result: AnalysisResult = await analyzer.analyze(files, ctx);
      out.results[analyzer.id] = mergeResult(out.results[analyzer.id], result);
    } catch (err) {
      if (isDredgeError(err, "CANCELLED")) throw err;
      if (!isDredgeError(err)) env.logger.debug("analyzer failed", { analyzer: analyzer.id, error: errorMessage(err) });
      out.warnings.push(`analyzer ${analyzer.id} failed on ${files.map((f) => f.path).join(", ")}: ${errorMessage(err)}`);
    }
  }
}

export function layerWhere(index: number, diffId: string): string {
  return `layer ${index + 1} (${diffId.slice(0, 19)})`;
}

export { assertNotAborted } from "../util/abort.js";
