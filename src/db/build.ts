/**
 * `buildDatabase`: run each requested feed (fetch → transform → write) into a temporary SQLite file next to
 * the output, then rename it over the output atomically. A malformed record is skipped with a warning
 * naming the source and record; a feed that cannot be fetched at all fails the build (the old output stays).
 * Downloads go to a scratch directory under `tmpDir`. Both are removed on every path, cancellation
 * included; those of a build that was killed are removed by the next build (../util/stale.ts).
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { DredgeError, errorMessage } from "../errors.js";
import { abortable, cancelledError } from "../util/abort.js";
import type { Logger } from "../util/log.js";
import { escapeRegExp, keepFresh, removeStale } from "../util/stale.js";
import { SCHEMA_VERSION } from "./schema.js";
import type { SourceMetadata } from "./model.js";
import { StoreWriter } from "./writer.js";
import { baseSources, checkBase, dropSource } from "./incremental.js";
import { findSource, feedSources } from "./sources/registry.js";
import type { FeedSource, FetchContext } from "./sources/types.js";
import { isUrl } from "./sources/http.js";

export interface SourceSpec {
  /** `osv`, `debian`…, optionally with a selector: `osv:PyPI`. */
  name: string;
  /** URL (replaces the upstream base) or local path; the upstream default when absent. */
  location?: string;
}

export interface BuildOptions {
  output: string;
  sources: SourceSpec[];
  logger: Logger;
  now?: Date;
  /** Feeds to choose from (tests may pass their own); the registry by default. */
  registry?: readonly FeedSource[];
  /** API keys by source name (`nvd`). */
  apiKeys?: Partial<Record<string, string>>;
  /** Incremental feeds (`nvd`): fetch only records modified after this time, by source name. */
  since?: Partial<Record<string, string>>;
  /** Continue from the existing output (./incremental.ts) instead of starting empty. */
  incremental?: boolean;
  /** Parent of the scratch directory for downloads (the CLI's --tmp-dir); the output's directory by default. */
  tmpDir?: string;
  /** Aborting stops the build (CANCELLED) and removes its temporary files. */
  signal?: AbortSignal;
}

export interface SourceSummary extends SourceMetadata {
  durationMs: number;
}

export interface BuildSummary {
  output: string;
  schemaVersion: number;
  builtAt: string;
  bytes: number;
  sources: SourceSummary[];
}

/** `NAME[=URL_OR_PATH]` as given to `--source`. */
export function parseSourceArg(arg: string): SourceSpec {
  const eq = arg.indexOf("=");
  const name = (eq < 0 ? arg : arg.slice(0, eq)).trim();
  const location = eq < 0 ? undefined : arg.slice(eq + 1).trim();
  if (!name) throw new DredgeError("USAGE", `invalid --source ${JSON.stringify(arg)}: expected NAME[=URL_OR_PATH]`);
  return location ? { name, location } : { name };
}

/**
 * Every redistributable feed with its default location: what `dredge db build` runs without --source (and
 * so what the published database holds). Wolfi and Chainguard forbid redistribution: only on request.
 */
export function defaultSourceSpecs(): SourceSpec[] {
  return feedSources.filter((s) => s.redistributable !== false).map((s) => ({ name: s.name }));
}

/** Sources of a built database whose data must not be published (`redistributable: false`). */
export function unpublishableSources(names: readonly string[]): string[] {
  return names.filter((n) => findSource(n.split(":")[0] ?? n)?.redistributable === false);
}

export async function buildDatabase(opts: BuildOptions): Promise<BuildSummary> {
  const output = resolve(opts.output);
  const builtAt = (opts.now ?? new Date()).toISOString();
  const registry = opts.registry ?? feedSources;
  const plan = opts.sources.map((spec) => ({ spec, feed: resolveFeed(spec, registry) }));
  await checkOutputDir(output);
  const removed = removeStale(dirname(output), leftoverPattern(output));
  if (removed.length > 0) opts.logger.info("removed the leftovers of an interrupted build", { files: removed });
  const id = randomBytes(6).toString("hex");
  const tmpFile = join(dirname(output), `.${basename(output)}.${id}.tmp`);
  const scratch = join(opts.tmpDir ?? dirname(output), `.${basename(output)}.${id}.scratch`);
  await mkdir(scratch, { mode: 0o700 });
  const stopFresh = keepFresh([tmpFile, scratch]);
  let writer: StoreWriter | undefined;
  try {
    const base = opts.incremental === true && existsSync(output);
    if (base) {
      checkBase(output);
      await copyFile(output, tmpFile);
    }
    writer = new StoreWriter(tmpFile, base);
    const previous = base ? baseSources(writer.db) : new Map<string, string>();
    const summaries: SourceSummary[] = [];
    const written = new Map<string, SourceMetadata>();
    for (const { spec, feed } of plan) {
      if (opts.signal?.aborted) throw cancelledError();
      const since = feed.incremental ? (opts.since?.[feed.name] ?? previous.get(spec.name)) : undefined;
      if (base && since === undefined) dropSource(writer.db, feed.name, spec);
      if (since) opts.logger.info("fetching changes only", { source: spec.name, since });
      const summary = await runSource(writer, feed, spec, {
        logger: opts.logger, signal: opts.signal, scratch, builtAt, apiKey: opts.apiKeys?.[feed.name], since: since ?? opts.since?.[feed.name], replace: base && since !== undefined,
      });
      const meta = since ? { ...summary, ...storedCount(writer, feed.name, summary.skipped) } : summary;
      writer.writeSource(sameSourceTotals(written, meta));
      summaries.push(summary);
    }
    writer.finish(builtAt, base ? undefined : previousDatabase(output, opts.logger));
    writer.close();
    writer = undefined;
    await rename(tmpFile, output);
    const bytes = (await stat(output)).size;
    opts.logger.info("database built", { output, bytes });
    return { output, schemaVersion: SCHEMA_VERSION, builtAt, bytes, sources: summaries };
  } catch (err) {
    writer?.close();
    await rm(tmpFile, { force: true });
    await rm(`${tmpFile}-journal`, { force: true });
    throw err;
  } finally {
    stopFresh();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The database a full build replaces, when it is one of this schema: its fix history carries forward (./fix-history.ts). */
function previousDatabase(output: string, logger: Logger): string | undefined {
  if (!existsSync(output)) return undefined;
  try {
    checkBase(output);
    return output;
  } catch (err) {
    logger.warn("the existing output is not a database of this schema: its fix history is not carried forward", { output, reason: errorMessage(err) });
    return undefined;
  }
}

/** The output's directory must exist and be a directory: an IO error naming the path, before any feed is read. */
async function checkOutputDir(output: string): Promise<void> {
  const dir = dirname(output);
  const st = await stat(dir).catch((err: unknown) => err as NodeJS.ErrnoException);
  const problem = st instanceof Error ? (st.code === "ENOENT" ? "no such directory" : errorMessage(st)) : st.isDirectory() ? undefined : "not a directory";
  if (problem) {
    throw new DredgeError("IO_ERROR", `cannot write the database ${output}: ${dir}: ${problem}`, { hint: "create the directory or choose another --output" });
  }
}

/**
 * One `sources` row per source name: several `--source osv=PATH` of one build add up (records, stored,
 * skipped) and list every location.
 */
function sameSourceTotals(written: Map<string, SourceMetadata>, meta: SourceMetadata): SourceMetadata {
  const prev = written.get(meta.name);
  const row: SourceMetadata = prev
    ? {
        name: meta.name,
        location: `${prev.location}, ${meta.location}`,
        lastUpdate: meta.lastUpdate > prev.lastUpdate ? meta.lastUpdate : prev.lastUpdate,
        records: prev.records + meta.records,
        stored: prev.stored + meta.stored,
        skipped: prev.skipped + meta.skipped,
      }
    : { name: meta.name, location: meta.location, lastUpdate: meta.lastUpdate, records: meta.records, stored: meta.stored, skipped: meta.skipped };
  written.set(meta.name, row);
  return row;
}

function resolveFeed(spec: SourceSpec, registry: readonly FeedSource[]): FeedSource {
  const base = spec.name.split(":")[0] ?? spec.name;
  const feed = findSource(base, registry);
  if (!feed) {
    throw new DredgeError("USAGE", `unknown source ${JSON.stringify(spec.name)}`, {
      hint: `Known sources: ${registry.map((s) => s.name).join(", ")}.`,
    });
  }
  return feed;
}

interface RunEnv {
  logger: Logger;
  scratch: string;
  builtAt: string;
  apiKey?: string | undefined;
  since?: string | undefined;
  /** Records replace their previous rows (an incremental update). */
  replace?: boolean;
  signal?: AbortSignal | undefined;
}

/** After an incremental update: how many records of the feed the database now holds. */
function storedCount(writer: StoreWriter, feed: string, skipped: number): { records: number; stored: number } {
  const stored = writer.db.prepare("SELECT count(*) FROM vulnerabilities WHERE source = ?").pluck().get(feed) as number;
  return { records: stored + skipped, stored };
}

const BATCH = 2000;

async function runSource(writer: StoreWriter, feed: FeedSource, spec: SourceSpec, env: RunEnv): Promise<SourceSummary> {
  const started = Date.now();
  const label = spec.name;
  const location = spec.location ?? feed.defaultLocation;
  const local = !isUrl(location);
  let lastUpdate = env.builtAt;
  const sel = spec.name.indexOf(":");
  const ctx: FetchContext = {
    location: local ? resolve(location) : location,
    local,
    logger: env.logger,
    tmpDir: await mkdtemp(join(env.scratch, `${feed.name}-`)),
    setLastUpdate: (iso) => { lastUpdate = iso; },
    ...(sel >= 0 ? { selector: spec.name.slice(sel + 1) } : {}),
    ...(env.apiKey ? { apiKey: env.apiKey } : {}),
    ...(env.since ? { since: env.since } : {}),
  };
  env.logger.info("building source", { source: label, location: ctx.location });
  let records = 0;
  let skipped = 0;
  let firstReason: string | undefined;
  writer.db.exec("BEGIN");
  try {
    for await (const raw of abortable(feed.fetch(ctx), env.signal)) {
      records++;
      try {
        writer.write(feed.transform(raw, { logger: env.logger }), env.replace);
      } catch (err) {
        skipped++;
        firstReason ??= `${raw.origin ?? raw.id}: ${errorMessage(err)}`;
        env.logger.warn("skipping malformed feed record", { source: label, record: raw.id, origin: raw.origin, reason: errorMessage(err) });
      }
      if (records % BATCH === 0) writer.db.exec("COMMIT; BEGIN");
    }
    writer.db.exec("COMMIT");
  } catch (err) {
    if (writer.db.inTransaction) writer.db.exec("ROLLBACK");
    throw err;
  }
  if (records > 0 && skipped === records) {
    throw new DredgeError("PARSE_ERROR", `source ${label} (${ctx.location}): none of its ${records} records could be read; first: ${firstReason}`, {
      hint: `check that ${location} is the ${feed.name} feed (see docs/database.md for what each source reads)`,
    });
  }
  if (skipped > 0) env.logger.warn("malformed feed records skipped", { source: label, skipped, records });
  return { name: label, location: ctx.location, lastUpdate, records, stored: records - skipped, skipped, durationMs: Date.now() - started };
}

/** The temp output, its journal and the scratch directory of a build of `output` (ours only, by name). */
function leftoverPattern(output: string): RegExp {
  return new RegExp(`^\\.${escapeRegExp(basename(output))}\\.[0-9a-f]{12}\\.(?:tmp|tmp-journal|scratch)$`);
}
