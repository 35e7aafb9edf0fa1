/**
 * The monitor (issue #18, docs/monitoring.md): N stored images (default 10,000;
 * `DREDGE_BENCH_MONITOR_IMAGES`) with generated inventories — 120 Debian 12 packages and 300 language
 * packages (PyPI and Go) each, names drawn from the fixture feeds (the Debian DSA/DLA lists, osv-pypa,
 * osv-go), popular names more often — and two databases built by `buildDatabase` from generated Debian
 * tracker and OSV feeds over the same names: the second adds 500 advisories and changes 200 (fix now
 * available, urgency). Measured per store (`DREDGE_BENCH_MONITOR_STORES`, default sqlite,postgres):
 * - the update: delta + plan + carry-forward + re-match of the affected images with their history rows
 *   (target ≤ 30 s), and the share of images touched;
 * - a full re-match of every image (target ≤ 5 min).
 * The catalog is filled and first indexed outside the measurement (that first index is itself a full re-match).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { buildDatabase } from "../src/db/build.js";
import { databaseDelta } from "../src/db/delta.js";
import { openAdvisoryStore } from "../src/db/store.js";
import type { Inventory } from "../src/model/inventory.js";
import { parseScanOptions } from "../src/scan/index.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { openDatabase } from "../src/server/db/open.js";
import type { SqlDatabase } from "../src/server/db/sql.js";
import { openFindings, type FindingsService } from "../src/server/findings.js";
import { dbVersionOf, storeFindings } from "../src/server/fleet/findings-store.js";
import { carryForward, type CarryInfo } from "../src/server/monitor/carry.js";
import { reevaluateImage } from "../src/server/monitor/reevaluate.js";
import { REMATCH_CONCURRENCY } from "../src/server/monitor/monitor.js";
import { mapConcurrent } from "../src/util/array.js";
import { affectedImages, finishRun, getRun, pendingImages, planRun } from "../src/server/monitor/runs.js";
import { pushTo } from "../src/util/array.js";
import { silentLogger } from "../src/util/log.js";
import { fixturesDir } from "../test/helpers/images.js";
import { latestVersion } from "../src/server/db/migrations.js";
import { pgAdmin, postgresDatabase, sqliteDatabase, type TestDatabase } from "../test/server/adapters.js";
import { benchCacheDir } from "./cache-dir.js";
import { profiled } from "./profile.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

const feeds = join(fixturesDir, "feeds");

/** mulberry32: the same images and advisories every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pools {
  deb: string[];
  pypi: string[];
  go: string[];
}

async function namePools(): Promise<Pools> {
  const deb = new Set<string>();
  for (const list of ["DSA-list.txt", "DLA-list.txt"]) {
    const text = await readFile(join(feeds, "debian-security-tracker", list), "utf8");
    for (const m of text.matchAll(/^\[[^\]]+\] D[SL]A-[\d-]+ (\S+) - /gm)) deb.add(m[1]!);
  }
  const pypi = (await readdir(join(feeds, "osv-pypa/vulns"))).filter((n) => /^[a-z0-9][a-z0-9._-]*$/i.test(n));
  const go = new Set<string>();
  const goDir = join(feeds, "osv-go/osv");
  for (const f of (await readdir(goDir)).filter((n) => n.endsWith(".json"))) {
    const doc = JSON.parse(await readFile(join(goDir, f), "utf8")) as { affected?: { package?: { name?: string } }[] };
    for (const a of doc.affected ?? []) if (a.package?.name && !a.package.name.startsWith("std")) go.add(a.package.name);
  }
  return { deb: [...deb].sort(), pypi: pypi.sort(), go: [...go].sort() };
}

/** `k` distinct indices of a pool of `size`, popular ones (the head) more often. */
function pick(size: number, k: number, rnd: () => number, skew = 1.6): number[] {
  const out = new Set<number>();
  while (out.size < Math.min(k, size)) out.add(Math.floor(size * rnd() ** skew));
  return [...out];
}

/**
 * The fleet, as name indices into the pools (10,000 images of objects would not fit in memory): every image is
 * built on one of `BASES` Debian base images — a core of 90 packages all of them share and 30 of its own —,
 * a few bases much more common than the others, and holds 150 PyPI and 150 Go packages, popular ones more often.
 */
interface Fleet {
  bases: number[][];
  images: { base: number; pypi: number[]; go: number[] }[];
}

const BASES = 8;
const CORE = 90;

function fleet(n: number, pools: Pools): Fleet {
  const rnd = prng(11);
  const core = pick(pools.deb.length, CORE, rnd, 1);
  const bases = Array.from({ length: BASES }, () => {
    const own = new Set(core);
    while (own.size < CORE + 30) own.add(Math.floor(pools.deb.length * rnd()));
    return [...own];
  });
  const images = Array.from({ length: n }, () => ({ base: Math.floor(BASES * rnd() ** 2), pypi: pick(pools.pypi.length, 150, rnd), go: pick(pools.go.length, 150, rnd) }));
  return { bases, images };
}

function inventory(i: number, pools: Pools, f: Fleet): Inventory {
  const img = f.images[i]!;
  const deb = f.bases[img.base]!.map((k) => pools.deb[k]!).map((name) => ({
    type: "deb" as const, name, version: "1.0-1", source: { name, version: "1.0-1" }, purl: `pkg:deb/debian/${name}@1.0-1?distro=debian-12`, locations: [],
  }));
  const py = img.pypi.map((k) => pools.pypi[k]!).map((name) => ({ type: "pypi" as const, name, version: "1.0.0", purl: `pkg:pypi/${name}@1.0.0`, locations: [] }));
  const go = img.go.map((k) => pools.go[k]!).map((name) => ({ type: "golang" as const, name, version: "v1.0.0", purl: `pkg:golang/${name}@v1.0.0`, locations: [] }));
  const ref = `registry.example/app${i % 200}:${i}`;
  return {
    target: { name: ref, source: "registry", repoTags: [ref], repoDigests: [] },
    os: { family: "debian", name: "12.5" },
    packages: [...deb, ...py, ...go],
    layers: [],
    warnings: [],
  };
}

type Eco = keyof Pools;

/** Per ecosystem and name index: the images holding it. */
function holders(f: Fleet): Record<Eco, Map<number, number[]>> {
  const out: Record<Eco, Map<number, number[]>> = { deb: new Map(), pypi: new Map(), go: new Map() };
  f.images.forEach((img, i) => {
    for (const k of f.bases[img.base]!) pushTo(out.deb, k, i);
    for (const k of img.pypi) pushTo(out.pypi, k, i);
    for (const k of img.go) pushTo(out.go, k, i);
  });
  return out;
}

/**
 * The packages the update changes, like a real one: most advisories of a day fall on packages few images
 * hold (kernels, browsers, the long tail), and an update that changes a package every image holds (the
 * Debian core) re-matches everything — a full re-match, measured on its own. Names are taken in a random
 * order as long as the images they touch stay within `touch` (a share of the fleet), until they hold
 * `changes` advisories of the first database to change; the added advisories go to the same packages.
 */
function deltaNames(f: Fleet, pools: Pools, base: readonly Advisory[], touch: number, changes: number, rnd: () => number): Set<string> {
  const held = holders(f);
  const touched = new Set<number>();
  const chosen = new Set<string>();
  const byName = new Map<string, number>();
  for (const a of base) if (a.hits) byName.set(`${a.eco}:${a.name}`, (byName.get(`${a.eco}:${a.name}`) ?? 0) + 1);
  const candidates = [...byName.keys()].map((k) => [k, rnd()] as const).sort((a, b) => a[1] - b[1]).map(([k]) => k);
  let count = 0;
  for (const key of candidates) {
    if (count >= changes) break;
    const [eco, name] = key.split(":", 2) as [Eco, string];
    const images = held[eco].get(pools[eco].indexOf(name)) ?? [];
    const extra = images.filter((i) => !touched.has(i));
    if (touched.size + extra.length > touch * f.images.length) continue;
    for (const i of extra) touched.add(i);
    chosen.add(key);
    count += byName.get(key)!;
  }
  return chosen;
}

interface Advisory {
  n: number;
  eco: "deb" | "pypi" | "go";
  name: string;
  /** Whether version 1.0 is affected (most advisories are for older versions). */
  hits: boolean;
  fixed: boolean;
  urgency: "low" | "medium" | "high";
}

function advisories(pools: Pools, count: number, from: number, rnd: () => number, names?: readonly string[]): Advisory[] {
  return Array.from({ length: count }, (_, k) => {
    const r = rnd();
    const eco = r < 0.5 ? "deb" : r < 0.75 ? "pypi" : "go";
    const pool = pools[eco];
    const at = names?.[Math.floor(names.length * rnd())]?.split(":", 2) as [Eco, string] | undefined;
    return {
      n: from + k, eco: at?.[0] ?? eco, name: at?.[1] ?? pool[Math.floor(pool.length * rnd())]!, hits: rnd() < 0.3, fixed: rnd() < 0.7,
      urgency: (["low", "medium", "high"] as const)[Math.floor(rnd() * 3)]!,
    };
  });
}

/** The advisories as a Debian tracker JSON and OSV records; returns the build's sources. */
async function writeFeeds(dir: string, list: readonly Advisory[]) {
  await mkdir(join(dir, "osv"), { recursive: true });
  const tracker: Record<string, Record<string, object>> = {};
  for (const a of list) {
    const cve = `CVE-2090-${String(a.n).padStart(5, "0")}`;
    if (a.eco === "deb") {
      const fixedVersion = a.hits ? "1.0-2" : "0.9-1";
      const release = a.fixed || !a.hits ? { status: "resolved", fixed_version: fixedVersion, urgency: a.urgency } : { status: "open", urgency: a.urgency };
      (tracker[a.name] ??= {})[cve] = { description: `generated ${cve}`, releases: { bookworm: { ...release, repositories: { bookworm: "1.0-1" } } } };
      continue;
    }
    const semverish = a.eco === "go";
    const fixed = a.hits ? (semverish ? "1.0.1" : "1.0.1") : semverish ? "0.9.0" : "0.9";
    const events = [{ introduced: "0" }, ...(a.fixed || !a.hits ? [{ fixed }] : [])];
    const doc = {
      schema_version: "1.6.0", id: `BENCH-${a.eco}-${a.n}`, aliases: [cve], modified: "2026-01-01T00:00:00Z", published: "2026-01-01T00:00:00Z",
      affected: [{ package: { ecosystem: a.eco === "go" ? "Go" : "PyPI", name: a.name }, ranges: [{ type: semverish ? "SEMVER" : "ECOSYSTEM", events }] }],
      database_specific: { severity: a.urgency.toUpperCase() === "MEDIUM" ? "MODERATE" : a.urgency.toUpperCase() },
    };
    await writeFile(join(dir, "osv", `${doc.id}.json`), JSON.stringify(doc));
  }
  await writeFile(join(dir, "tracker.json"), JSON.stringify(tracker));
  return [{ name: "debian" as const, location: join(dir, "tracker.json") }, { name: "osv" as const, location: join(dir, "osv") }];
}

async function buildDbs(ctx: BenchContext, pools: Pools, f: Fleet, touch: number): Promise<[string, string]> {
  const rnd = prng(7);
  const base = advisories(pools, 6000, 0, rnd);
  // Changed: 200 advisories affecting the installed version get a fix or another urgency; 500 are added, on the same packages.
  const names = deltaNames(f, pools, base, touch, 200, rnd);
  const changed = new Set(base.filter((a) => a.hits && names.has(`${a.eco}:${a.name}`)).slice(0, 200).map((a) => a.n));
  const added = advisories(pools, 500, 10_000, rnd, [...names]);
  const second = [...base.map((a) => (changed.has(a.n) ? (a.fixed ? { ...a, urgency: a.urgency === "high" ? ("low" as const) : ("high" as const) } : { ...a, fixed: true }) : a)), ...added];
  ctx.log(`update: ${changed.size} advisories changed and ${added.length} added, on ${names.size} packages`);
  const out: string[] = [];
  for (const [name, list, day] of [["db1", base, "2026-05-01"], ["db2", second, "2026-05-02"]] as const) {
    const dir = join(ctx.tmpDir, name);
    const sources = await writeFeeds(dir, list);
    const output = join(dir, "dredge.db");
    await buildDatabase({ output, now: new Date(`${day}T00:00:00Z`), logger: silentLogger, sources });
    out.push(output);
  }
  return out as [string, string];
}

async function fill(db: SqlDatabase, n: number, pools: Pools, f: Fleet, findings: FindingsService, log: (m: string) => void): Promise<void> {
  const catalog = sqlCatalog(db);
  const version = dbVersionOf(findings.version(), findings.builtAt());
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const inv = inventory(i, pools, f);
    const digest = `sha256:${(i + 1).toString(16).padStart(64, "0")}`;
    const ref = inv.target.name;
    await catalog.putImage({ digest, reference: ref, registry: "registry.example", repo: `app${i % 200}`, tag: String(i), distro: "debian 12.5", verified: true }, inv, 1000 + i);
    const indexed = await findings.indexImage(inv);
    await storeFindings(db, version, digest, 1000 + i, { findings: indexed.findings, answer: indexed.answer, keys: indexed.keys });
    if ((i + 1) % 1000 === 0) log(`stored and indexed ${i + 1} images (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
}

/** CPU seconds used so far by the PostgreSQL backends of the database `url` (read from /proc; 0 where that cannot be read). */
function backendCpu(url: string): number {
  const name = url.slice(url.lastIndexOf("/") + 1);
  const tick = 100;
  let total = 0;
  try {
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(` ${name} `)) continue;
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
        total += (Number(fields[11]) + Number(fields[12])) / tick;
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return 0;
  }
  return total;
}

/** CPU seconds of this process since `start` (the machine is shared: wall-clock alone says little). */
const cpuSince = (start: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
};

/** Works every pending image of a run (as the monitor and the bulk jobs do); returns seconds. */
async function workRun(db: SqlDatabase, runId: string, findings: FindingsService, info?: CarryInfo): Promise<number> {
  const t0 = performance.now();
  const run = (await getRun(db, runId))!;
  const deps = { db, findings, listeners: [], now: Date.now };
  await carryForward(db, run, info, Date.now, async () => true);
  for (;;) {
    const batch = await pendingImages(db, run.id, 200);
    if (batch.length === 0) break;
    // As the monitor does (src/server/monitor/monitor.ts, rematchSome).
    await mapConcurrent(batch, REMATCH_CONCURRENCY, (d) => reevaluateImage(deps, run, d));
  }
  await finishRun(db, run, Date.now());
  return (performance.now() - t0) / 1000;
}

/** Names the fleet and the fill: change it with either (the generator, `fill`), so cached catalogs are filled anew. */
const FILL_VERSION = 1;

/**
 * The catalog filled and first indexed: restored from the bench cache when a run with the same images, schema
 * and fill version (FILL_VERSION) filled one (a SQLite file; a PostgreSQL template database), else filled and kept there — the
 * fill is outside the measurement and takes ~15 min for 10,000 images. `DREDGE_BENCH_MONITOR_FRESH=1` fills anew.
 */
async function filledCatalog(ctx: BenchContext, kind: string, n: number, fillIn: (db: SqlDatabase) => Promise<void>): Promise<{ t: TestDatabase; db: SqlDatabase }> {
  const key = `monitor_${n}_s${latestVersion}_f${FILL_VERSION}`;
  const fresh = process.env.DREDGE_BENCH_MONITOR_FRESH === "1";
  if (kind === "postgres") {
    const template = `dredge_bench_${key}`;
    const exists = (await pgAdmin<{ x: number }>("SELECT 1 AS x FROM pg_database WHERE datname = $1", [template])).length > 0;
    if (exists && !fresh) {
      const t = await postgresDatabase(template);
      ctx.log(`postgres: catalog restored from template ${template}`);
      return { t, db: await openDatabase(t.url) };
    }
    const t = await postgresDatabase();
    const db = await openDatabase(t.url);
    await fillIn(db);
    await db.close();
    await pgAdmin(`DROP DATABASE IF EXISTS ${template}`);
    await pgAdmin(`CREATE DATABASE ${template} TEMPLATE ${t.url.slice(t.url.lastIndexOf("/") + 1)}`);
    return { t, db: await openDatabase(t.url) };
  }
  const cached = join(benchCacheDir(ctx.tmpDir), `${key}.db`);
  const t = await sqliteDatabase();
  if (existsSync(cached) && !fresh) {
    await mkdir(dirname(t.url), { recursive: true });
    await copyFile(cached, t.url);
    ctx.log(`sqlite: catalog restored from ${cached}`);
    return { t, db: await openDatabase(t.url) };
  }
  const db = await openDatabase(t.url);
  await fillIn(db);
  await db.close();
  await copyFile(t.url, `${cached}.tmp`);
  await rename(`${cached}.tmp`, cached);
  return { t, db: await openDatabase(t.url) };
}

async function runStore(ctx: BenchContext, kind: string, n: number, pools: Pools, f: Fleet, files: [string, string]): Promise<BenchRow[]> {
  const hooks = { logger: silentLogger, cacheDir: ctx.tmpDir, tmpDir: ctx.tmpDir };
  const open = (file: string) => openFindings(parseScanOptions({ db: file, skipDbUpdate: true, offline: true, cache: false }), hooks);
  const [f1, f2] = [await open(files[0]), await open(files[1])];
  const { t, db } = await filledCatalog(ctx, kind, n, (into) => fill(into, n, pools, f, f1, ctx.log));
  try {
    if (kind === "postgres") await db.run("VACUUM ANALYZE");
    const from = dbVersionOf(f1.version(), f1.builtAt());
    const to = dbVersionOf(f2.version(), f2.builtAt());
    // The update: delta, plan, carry forward, re-match the affected images.
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const pg0 = kind === "postgres" ? backendCpu(t.url) : 0;
    const [s1, s2] = [openAdvisoryStore(files[0]), openAdvisoryStore(files[1])];
    const delta = databaseDelta(s1, s2);
    s1.close();
    s2.close();
    const digests = await affectedImages(db, from, delta);
    const deltaSeconds = (performance.now() - t0) / 1000;
    const deltaCpu = cpuSince(cpu0);
    await planRun(db, { id: "bench-update", cause: "db-update", from, to, delta: { vulnerabilities: {}, stats: { ...delta.stats, packagesChanged: delta.packages.length, namespacesChanged: 0 } }, digests, at: Date.now() });
    const work = await profiled(`monitor-${kind}-update`, () => workRun(db, "bench-update", f2, { from: f1.info(), to: f2.info() }), ctx.log);
    const update = deltaSeconds + work;
    const updateCpu = cpuSince(cpu0);
    const pgCpu = kind === "postgres" ? backendCpu(t.url) - pg0 : 0;
    // What the update left to write back into the file (SQLite checkpoints every ~400 MB of WAL): shown, not counted.
    const c0 = performance.now();
    if (kind === "sqlite") await db.all("PRAGMA wal_checkpoint(TRUNCATE)");
    const checkpoint = (performance.now() - c0) / 1000;
    const run = (await getRun(db, "bench-update"))!;
    ctx.log(`${kind}: delta ${deltaSeconds.toFixed(1)} s (${delta.packages.length} rows changed), ${run.rematched} re-matched (${run.changed} changed), ${run.carried} carried, ${update.toFixed(1)} s`);
    // A full re-match of every image against the new database.
    const rows: BenchRow[] = [];
    const row = (key: string, name: string, value: number, unit: string, more: Partial<BenchRow> = {}): BenchRow => ({ suite: "monitor", key: `monitor:${kind} ${key}`, name: `${kind}: ${name}`, value, unit, ...more });
    const scale = n / 10_000;
    // At 10,000 images: every figure but the delta's grows with the number of images (CPU: what one quiet core needs; PostgreSQL's own CPU is not in it).
    const at10k = (cpu: number) => (cpu - deltaCpu) / scale + deltaCpu;
    rows.push(
      row("update", `db update, affected re-evaluated (${n} images)`, update, "s", { target: `≤ ${Math.round(30 * scale)} s`, ok: update <= 30 * scale }),
      row("update cpu", "the same, CPU of the process", updateCpu, "s"),
      ...(kind === "postgres" ? [row("update pg cpu", "the same, CPU of PostgreSQL's backends", pgCpu, "s")] : [row("checkpoint", "the WAL checkpoint after the update (not in it)", checkpoint, "s")]),
      row("touched", "images touched by the update", (100 * run.affected) / n, "%"),
      row("carried", "images carried forward", run.carried, "images"),
      row("delta", "delta + affected images (of the update)", deltaSeconds, "s"),
      row("update 10k", "update at 10,000 images, from its CPU", at10k(updateCpu), "s", { target: "≤ 30 s", ok: at10k(updateCpu) <= 30 }),
    );
    if (process.env.DREDGE_BENCH_MONITOR_FULL === "0") return rows;
    const all = (await db.all<{ digest: string }>("SELECT digest FROM image_summaries WHERE db_version = ? ORDER BY digest", [to.id])).map((r) => r.digest);
    await planRun(db, { id: "bench-rematch", cause: "rematch", from: to, to, delta: { vulnerabilities: {}, stats: { rowsCompared: 0, rowsDiffering: 0, vulnerabilitiesChanged: 0, packagesChanged: 0, namespacesChanged: 0 } }, digests: all, at: Date.now() });
    const cpu1 = process.cpuUsage();
    const full = await profiled(`monitor-${kind}-rematch`, () => workRun(db, "bench-rematch", f2), ctx.log);
    const fullCpu = cpuSince(cpu1);
    ctx.log(`${kind}: full re-match of ${all.length} images ${full.toFixed(1)} s (${fullCpu.toFixed(1)} s CPU); update ${updateCpu.toFixed(1)} s CPU`);
    rows.push(
      row("rematch", `full re-match (${n} images)`, full, "s", { target: `≤ ${Math.round(300 * scale)} s`, ok: full <= 300 * scale }),
      row("rematch cpu", "the same, CPU of the process", fullCpu, "s"),
      row("rematch per image", "full re-match, CPU per image", (1000 * fullCpu) / Math.max(1, all.length), "ms"),
      row("rematch 10k", "full re-match at 10,000 images, from its CPU", fullCpu / scale, "s", { target: "≤ 300 s", ok: fullCpu / scale <= 300 }),
    );
    return rows;
  } finally {
    await f1.close();
    await f2.close();
    await db.close();
    await t.drop();
  }
}

export const monitorSuite: BenchSuite = {
  id: "monitor",
  async run(ctx) {
    const n = Number(process.env.DREDGE_BENCH_MONITOR_IMAGES ?? 10_000);
    const stores = (process.env.DREDGE_BENCH_MONITOR_STORES ?? "sqlite,postgres").split(",");
    const pools = await namePools();
    ctx.log(`name pools: ${pools.deb.length} Debian, ${pools.pypi.length} PyPI, ${pools.go.length} Go`);
    const touch = Number(process.env.DREDGE_BENCH_MONITOR_TOUCH ?? 0.2);
    const f = fleet(n, pools);
    const files = await buildDbs(ctx, pools, f, touch);
    const rows: BenchRow[] = [];
    for (const kind of stores) rows.push(...(await runStore(ctx, kind, n, pools, f, files)));
    return rows;
  },
};
