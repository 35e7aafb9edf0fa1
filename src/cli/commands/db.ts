/** `dredge db build|update|push|status`: build, install, publish and describe the vulnerability database. */
import type { Command } from "commander";
import { buildDatabase, defaultSourceSpecs, parseSourceArg, type BuildSummary } from "../../db/build.js";
import { feedSources } from "../../db/sources/registry.js";
import { databaseStatus, type DatabaseStatus } from "../../db/status.js";
import {
  DEFAULT_DB_REPOSITORY, checkDatabase, localDatabasePaths, pushDatabase, readInstalled, updateDatabase,
  dbNotFound, type InstalledInfo, type RegistryAccess,
} from "../../db/distribution/index.js";
import { notOneOf } from "../../scan/options.js";
import type { Logger } from "../../util/log.js";
import type { RunContext } from "../context.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { dbFile, dbNamespaces, dbRepository, registrySettings } from "../db-settings.js";
import { commandDescription } from "./summary.js";

function access(ctx: RunContext): RegistryAccess {
  const { username, password, insecure } = ctx.options;
  return { username, password, insecure, ...(ctx.env.DOCKER_CONFIG ? { dockerConfigDir: ctx.env.DOCKER_CONFIG } : {}) };
}

export function dbCommand(program: Command, io: Io, holder: { code: number }): void {
  const db = program.command("db").description(commandDescription("db"));
  buildSub(db, io, holder);
  updateSub(db, io, holder);
  pushSub(db, io, holder);
  statusSub(db, io, holder);
}

/** Counts warnings per source (the build logs "building source" before each). */
function countingLogger(inner: Logger): { logger: Logger; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  let current = "";
  const logger: Logger = {
    debug: inner.debug,
    error: inner.error,
    info(msg, fields) {
      if (msg === "building source" && typeof fields?.source === "string") current = fields.source;
      inner.info(msg, fields);
    },
    warn(msg, fields) {
      const src = typeof fields?.source === "string" ? fields.source : current;
      counts.set(src, (counts.get(src) ?? 0) + 1);
      inner.warn(msg, fields);
    },
  };
  return { logger, counts };
}

/** Lists the feeds a plain `db build` runs and those only built when named (their licence forbids redistribution). */
function buildDescription(): string {
  const names = (redistributable: boolean): string[] =>
    feedSources.filter((s) => (s.redistributable !== false) === redistributable).map((s) => s.name);
  return `build a database from the upstream feeds (${names(true).join(", ")}; ${names(false).join(" and ")} only when named: their licence forbids redistribution)`;
}

function buildSub(db: Command, io: Io, holder: { code: number }): void {
  const cmd = db
    .command("build")
    .description(buildDescription())
    .requiredOption("-o, --output <file>", "database file to write (replaced atomically)")
    .option("-s, --source <name[=url|path]>", "a feed, e.g. osv, osv:PyPI, alpine=/mirror/secdb, wolfi (repeatable; default: every redistributable feed)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--incremental", "start from the existing output: NVD fetches only what changed since its last update, named feeds are rebuilt, others kept")
    .option("-f, --format <format>", "summary format: text or json", "text");
  cmd.action(
    runAction(io, [], async (ctx, _args, c) => {
      const o = c.opts<{ output: string; source: string[]; format: string; incremental?: boolean }>();
      checkFormat(o.format);
      const sources = o.source.length ? o.source.map(parseSourceArg) : defaultSourceSpecs();
      const { logger, counts } = countingLogger(ctx.logger);
      const key = io.env.DREDGE_NVD_API_KEY || undefined;
      const summary = await buildDatabase({
        output: o.output, sources, logger, incremental: o.incremental === true, tmpDir: ctx.tmpDir, signal: ctx.signal, ...(key ? { apiKeys: { nvd: key } } : {}),
      });
      const rows = summary.sources.map((s) => ({ ...s, warnings: counts.get(s.name) ?? 0 }));
      ctx.stdout.write(o.format === "json" ? JSON.stringify({ ...summary, sources: rows }, null, 2) + "\n" : renderBuild(summary, rows));
      return 0;
    }, holder),
  );
}

function checkFormat(format: string): void {
  if (format !== "text" && format !== "json") throw notOneOf("--format", format, ["text", "json"]);
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd()).join("\n") + "\n";
}

function renderBuild(summary: BuildSummary, rows: (BuildSummary["sources"][number] & { warnings: number })[]): string {
  const head = `built ${summary.output} (schema ${summary.schemaVersion}, ${summary.bytes} bytes) at ${summary.builtAt}\n`;
  return head + table(["source", "records", "stored", "skipped", "warnings", "seconds"],
    rows.map((r) => [r.name, r.records, r.stored, r.skipped, r.warnings, (r.durationMs / 1000).toFixed(1)]));
}

function updateSub(db: Command, io: Io, holder: { code: number }): void {
  const specs = [dbRepository, dbNamespaces, ...registrySettings];
  const cmd = db
    .command("update")
    .description(`download the prebuilt database (an OCI artifact, default ${DEFAULT_DB_REPOSITORY}) into CACHE_DIR/db`)
    .option("--force", "download even when the installed database is current")
    .option("--check", "download nothing: print the repository's current database as REPOSITORY@DIGEST (its manifest digest)");
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, _args, c) => {
      const repo = ctx.options.dbRepository ?? DEFAULT_DB_REPOSITORY;
      const o = c.opts<{ force?: boolean; check?: boolean }>();
      if (o.check) {
        const digest = await checkDatabase({ ...access(ctx), repository: repo, logger: ctx.logger, signal: ctx.signal });
        ctx.stdout.write(`${repo.replace(/@.*$/, "")}@${digest}\n`);
        return 0;
      }
      const r = await updateDatabase({
        ...access(ctx), cacheDir: ctx.cacheDir, repository: repo, namespaces: ctx.options.dbNamespaces,
        force: o.force === true, logger: ctx.logger, signal: ctx.signal,
      });
      const i = r.installed.info;
      const what = r.updated ? `updated the vulnerability database (${r.downloadedBytes} bytes downloaded)` : "the vulnerability database is up to date";
      ctx.stdout.write(`${what}: ${repo}@${i.manifestDigest}, built ${i.builtAt}, shards ${i.shards.map((s) => s.group).join(",")}\n`);
      return 0;
    }, holder),
  );
}

function pushSub(db: Command, io: Io, holder: { code: number }): void {
  const specs = [...registrySettings];
  const cmd = db
    .command("push")
    .argument("<ref>", "where to publish, e.g. registry.example.com/mirror/dredge-db:2")
    .description("publish a built database to a registry as the Dredge database artifact (shards)")
    .requiredOption("--db <file>", "the database file to publish");
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, [ref], c) => {
      const r = await pushDatabase({
        ...access(ctx), file: c.opts<{ db: string }>().db, reference: ref!, workDir: ctx.tmpDir, logger: ctx.logger, signal: ctx.signal,
      });
      ctx.stdout.write(`pushed ${r.reference} (${r.layers.length} shards, ${r.uploaded} blobs uploaded, built ${r.builtAt})\n`);
      return 0;
    }, holder),
  );
}

function statusSub(db: Command, io: Io, holder: { code: number }): void {
  const specs = [dbFile];
  const cmd = db
    .command("status")
    .description("show the database: schema, age, sources with record counts, namespaces")
    .option("-f, --format <format>", "text or json", "text");
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, _args, c) => {
      const format = c.opts<{ format: string }>().format;
      checkFormat(format);
      const file = ctx.options.db;
      const installed = file ? undefined : await readInstalled(ctx.cacheDir, ctx.logger);
      if (!file && !installed) throw dbNotFound(`none in ${ctx.cacheDir}`);
      const status = databaseStatus(file ? await localDatabasePaths(file) : installed!.paths);
      const out = { ...status, ...(installed ? { installed: installed.info } : {}) };
      ctx.stdout.write(format === "json" ? JSON.stringify(out, null, 2) + "\n" : renderStatus(status, installed?.info));
      return 0;
    }, holder),
  );
}

/** "1 minute", "5 minutes", "3.5 hours", "12 days": the unit that reads best. */
export function humanAge(seconds: number): string {
  const unit = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds < 90) return unit(Math.round(seconds), "second");
  if (seconds < 7200) return unit(Math.round(seconds / 60), "minute");
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} hours`;
  return unit(Math.round(seconds / 86_400), "day");
}

function renderStatus(s: DatabaseStatus, installed: InstalledInfo | undefined): string {
  const age = s.ageSeconds < 0 ? "unknown age" : `${humanAge(s.ageSeconds)} ago`;
  const lines = [
    `path:      ${Array.isArray(s.path) ? s.path.join(", ") : s.path}`,
    `schema:    ${s.schemaVersion}`,
    `built:     ${s.builtAt} (${age})`,
  ];
  if (installed) lines.push(`from:      ${installed.repository}@${installed.manifestDigest}`, `updated:   ${installed.updatedAt}`);
  const sources = table(["source", "records", "stored", "skipped", "last update"], s.sources.map((x) => [x.name, x.records, x.stored, x.skipped, x.lastUpdate]));
  const nss = table(["namespace", "rows"], s.namespaces.map((n) => [n.namespace, n.rows]));
  return `${lines.join("\n")}\n\n${sources}\n${nss}`;
}
