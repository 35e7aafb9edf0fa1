/**
 * Analyzers find facts (OS, packages, …) in an image's files. They declare which paths they want; the
 * artifact inspector walks each layer once and hands every analyzer the wanted files of that layer.
 * Results are cached per layer (diffID + analyzer id/version), then merged across layers.
 */
import type { MisconfigFinding, SecretFinding } from "../model/finding.js";
import type { OSInfo, Package } from "../model/package.js";
import type { FileInfo } from "../layer/types.js";
import type { Logger } from "../util/log.js";

export interface AnalysisInput {
  /** Absolute path inside the image (or relative path inside a scanned directory, with a leading `/`). */
  path: string;
  info: FileInfo;
  content: Buffer;
}

export interface AnalyzerContext {
  logger: Logger;
  /** Warnings that end up in the report (malformed database, skipped file…). Name the file. */
  warn(message: string, path?: string): void;
  /** Aborted on Ctrl-C or --timeout: an analyzer that can take long stops and throws CANCELLED. */
  signal?: AbortSignal | undefined;
  /** A private directory for temporary files (the CLI's --tmp-dir); the OS temp dir when absent. */
  tmpDir?: string | undefined;
  /**
   * A wanted file left unread because it is over the analyzer's own size limit: a warning naming it that
   * also marks the inventory incomplete. Absent where completeness is not tracked (tests): warn instead.
   */
  skipped?(path: string, size: number, limit: number): void;
}

/** What an analyzer found in one layer, keyed by the file it came from (for whiteout handling). */
export interface AnalysisResult {
  os?: { path: string; os: OSInfo }[];
  /** Packages per database/manifest file: a later layer's copy of the same file replaces the earlier one. */
  packageSets?: PackageSet[];
  /** Secrets in this layer's files (kept even when a later layer deletes the file: it still ships). */
  secrets?: SecretFinding[];
  /** Misconfigurations of config files (Dockerfiles, Kubernetes manifests) found in this layer. */
  misconfigs?: MisconfigFinding[];
}

export interface PackageSet {
  /** The file (database, manifest, lockfile, binary) the packages were read from. */
  path: string;
  /** The analyzer that produced them. */
  analyzer: string;
  packages: Package[];
}

export interface Analyzer {
  readonly id: string;
  /** Part of the cache key: bump it whenever the analyzer's output for the same input changes. */
  readonly version: number;
  /** Called for each regular file of each layer (cheap: path tests only). */
  wants(path: string, info: FileInfo): boolean;
  /**
   * Each file is analysed on its own as soon as it is read (its content is then released): for analyzers
   * whose files are independent (manifests, binaries). Otherwise all wanted files of a layer come together.
   * A per-file analyzer must keep no view of `content` once `analyze()` has resolved: large files arrive in
   * a buffer the next file reuses (src/artifact/read-content.ts).
   */
  readonly perFile?: boolean;
  /**
   * False for analyzers that find no OS or packages (secrets, misconfigurations): a file they wanted but
   * could not read does not make the inventory incomplete. Default true.
   */
  readonly inventory?: boolean;
  /** Called once per layer with every wanted file of that layer (skipped when there are none); or per file. */
  analyze(files: readonly AnalysisInput[], ctx: AnalyzerContext): Promise<AnalysisResult>;
}

/** A wanted file over the analyzer's own size limit: skipped with a warning, the inventory marked incomplete. */
export function skipOversized(ctx: AnalyzerContext, path: string, size: number, limit: number): void {
  if (ctx.skipped) ctx.skipped(path, size, limit);
  else ctx.warn(`${path}: skipped, ${size} bytes is over the ${limit}-byte limit`);
}
