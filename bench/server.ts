/**
 * `npm run bench server`: the scanning service (issue #15), with ratios to baselines in the same run.
 * - Cold scan: the test image (bookworm, OCI archive) by a server worker on an empty catalog vs the same scan by
 *   the CLI's pipeline (`scanTarget`): goal ≤ 1.2×.
 * - Cold throughput with 1 and 2 workers (2 workers: two archives of the same image at once, both missing every
 *   layer, as the cache-miss counter shows) and rescan throughput (every layer already in the catalog; distinct
 *   targets: symlinks to the archive) with 1 and 2 workers: goal ≥ 3,000 rescans/hour/worker.
 * - API: `GET /images/{digest}/vulnerabilities` (default, and filtered), and `…/report?format=sarif` filtered, over 10,000 images (copies of the real inventory, and of its
 *   findings index rows, stored answer and stored match as the indexer computes them, under distinct digests: the state once
 *   the indexer has indexed every image), at 200 requests/s from autocannon on loopback, for 20 s, against `dredge server` in a
 *   child process with 2 workers: p50/p99 (goal p99 ≤ 20 ms) and the process's RSS (goal ≤ 300 MB).
 * SQLite and PostgreSQL (127.0.0.1:5432, a database created and dropped here; skipped when not reachable).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import pg from "pg";
import { parseScanOptions, scanTarget, inventoryTarget, type ScanOptions } from "../src/scan/index.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { sqlTokens } from "../src/server/catalog/tokens.js";
import { openDatabase } from "../src/server/db/open.js";
import { one } from "../src/server/db/sql.js";
import { openFindings } from "../src/server/findings.js";
import { dbVersionOf, storeFindings } from "../src/server/fleet/findings-store.js";
import { sqlQueue } from "../src/server/queue/queue.js";
import { defaultQueueSettings } from "../src/server/queue/types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { storeInventories } from "../src/server/worker/store.js";
import { silentLogger } from "../src/util/log.js";
import { buildFixtureDb } from "../test/scan/fixture-db.js";
import { copyImage } from "./fill-catalog.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

const SUITE = "server";
const RESCANS = 40;
const COLD_RUNS = 5;
const CATALOG = 10_000;
const RATE = 200;
const SECONDS = 20;
const PG_ADMIN = "postgres://postgres@127.0.0.1:5432/test";
const root = resolve(import.meta.dirname, "..");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Db {
  kind: "sqlite" | "postgres";
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let dbCount = 0;
async function freshDb(kind: Db["kind"], dir: string): Promise<Db> {
  const n = ++dbCount;
  if (kind === "sqlite") return { kind, url: join(dir, `catalog-${n}.db`), drop: async () => undefined };
  const name = `dredge_bench_${process.pid}_${n}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return { kind, url: `postgres://postgres@127.0.0.1:5432/${name}`, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function postgresReachable(): Promise<boolean> {
  return adminQuery("SELECT 1").then(() => true, () => false);
}

async function start(db: Db, dir: string, options: ScanOptions, workers: number): Promise<RunningServer & { url: string; token: string }> {
  const server = await startServer({
    listen: { host: "127.0.0.1", port: 0 }, database: db.url, workers, allowLocalTargets: true, allowRegistries: [],
    scanOptions: options, queue: { ...defaultQueueSettings, cap: 100_000 }, pollMs: 50, drainMs: 1000,
    cacheDir: join(dir, "cache"), tmpDir: join(dir, "tmp"), logger: silentLogger,
  });
  return { ...server, url: server.url!, token: (await sqlTokens(server.db).create("scanner")).token };
}

/** POSTs every target, then waits until every scan is done; returns the elapsed milliseconds. */
async function scanAll(server: RunningServer & { url: string; token: string }, targets: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const ids = await Promise.all(
    targets.map(async (reference) => {
      const res = await fetch(`${server.url}/api/v1/images`, {
        method: "POST", headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" }, body: JSON.stringify({ reference }),
      });
      if (res.status !== 202) throw new Error(`POST ${reference}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { scanId: string }).scanId;
    }),
  );
  const queue = sqlQueue(server.db, defaultQueueSettings);
  for (const id of ids) {
    for (;;) {
      const job = await queue.get(id);
      if (job?.state === "failed") throw new Error(`scan ${id} failed: ${job.error ?? ""}`);
      if (job?.state === "done") break;
      await sleep(5);
    }
  }
  return performance.now() - t0;
}

async function misses(server: { url: string; token: string }): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.token}` } })).text();
  return Number(/^dredge_layer_cache_misses_total (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/** Stores the real image, indexes it, and copies it (image row, inventory, findings index rows) under `CATALOG - 1` more digests, in bulk. */
async function fillCatalog(db: Db, options: ScanOptions, archive: string, dir: string, log: (m: string) => void): Promise<string[]> {
  const catalogDb = await openDatabase(db.url);
  try {
    const inventories = await inventoryTarget(archive, options, { logger: silentLogger, cacheDir: join(dir, "fill-cache"), tmpDir: join(dir, "fill-tmp") });
    const [real] = await storeInventories(sqlCatalog(catalogDb), inventories);
    const digests = Array.from({ length: CATALOG - 1 }, (_, i) => `sha256:${createHash("sha256").update(`filler-${i}`).digest("hex")}`);
    // The findings index of the real image, computed here as the server's indexer does (one match, its findings
    // and the stored answer of `…/vulnerabilities`), then copied to the fillers like the inventory: the state
    // after the indexer has indexed every image, without spending 10,000 × its cost in the bench.
    const findings = await openFindings(options, { logger: silentLogger, cacheDir: join(dir, "fill-cache"), tmpDir: join(dir, "fill-tmp") });
    try {
      const t0 = performance.now();
      const indexed = await findings.indexImage(inventories[0]!);
      log(`indexing the real image: ${(performance.now() - t0).toFixed(0)} ms (match, findings and stored answer; ${indexed.answer.length} bytes of answer)`);
      const stored = await one<{ created_at: number }>(catalogDb, "SELECT created_at FROM inventories WHERE digest = ?", [real]);
      await storeFindings(catalogDb, dbVersionOf(indexed.version, findings.builtAt()), real!, stored!.created_at, { findings: indexed.findings, answer: indexed.answer, match: indexed.match });
    } finally {
      await findings.close();
    }
    await copyImage(catalogDb, real!, digests);
    return [real!, ...digests];
  } finally {
    await catalogDb.close();
  }
}

/** `dredge server` in a child process (the TypeScript sources through tsx); resolves with its URL and pid. */
async function daemon(args: readonly string[]): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH } });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = await new Promise<string>((ok, fail) => {
    createInterface({ input: child.stderr! }).on("line", (line) => {
      const m = /"url":"([^"]+)".*"msg":"dredge server started"/.exec(line);
      if (m) ok(m[1]!);
    });
    void exited.then(() => fail(new Error("dredge server exited before it started")));
  });
  return { url, pid: child.pid!, stop: async () => void (child.kill("SIGTERM"), await exited) };
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const FILTERS = ["severity=HIGH,CRITICAL", "ignoreUnfixed=true", "pkgTypes=os", "pkgTypes=library&sort=package", "severity=MEDIUM,HIGH,CRITICAL&ignoreUnfixed=true", "sort=risk"];
/** What the API load asks of each random image (DREDGE_BENCH_SERVER_LOADS=vulnerabilities,filtered,report selects). */
const LOADS = [
  { name: "vulnerabilities", path: () => "vulnerabilities" },
  { name: "filtered vulnerabilities", path: () => `vulnerabilities?${pick(FILTERS)}` },
  { name: "report (sarif, filtered)", path: () => `report?format=sarif&${pick(FILTERS)}` },
].filter((l) => (process.env.DREDGE_BENCH_SERVER_LOADS ?? "vulnerabilities,filtered,report").split(",").some((n) => l.name.startsWith(n)));

const rssOf = (pid: number, field: "VmRSS" | "VmHWM"): number => Number(new RegExp(`${field}:\\s*(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

async function apiLoad(db: Db, options: ScanOptions, vulnDb: string, archive: string, dir: string, log: (m: string) => void): Promise<BenchRow[]> {
  const t0 = performance.now();
  const digests = await fillCatalog(db, options, archive, dir, log);
  log(`${db.kind}: catalog of ${digests.length} images filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const tokenDb = await openDatabase(db.url);
  const { token } = await sqlTokens(tokenDb).create("reader");
  await tokenDb.close();
  const server = await daemon(["server", "--listen", "127.0.0.1:0", "--database", db.url, "--workers", "2", "--db", vulnDb, "--skip-db-update", "--offline",
    "--cache-dir", join(dir, `daemon-cache-${db.kind}`)]);
  try {
    const rows: BenchRow[] = [];
    // The default query (a stored answer), filtered queries and reports (built from the stored match, a random filter per request).
    for (const load of LOADS) {
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.pid, "VmRSS"))), 100);
      const result = await autocannon({
        url: server.url, connections: 10, overallRate: RATE, duration: SECONDS,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/api/v1/images/${digests[Math.floor(Math.random() * digests.length)]!}/${load.path()}` }) }],
      });
      clearInterval(sampler);
      const hwm = rssOf(server.pid, "VmHWM");
      const ok = result.non2xx === 0 && result.errors === 0 && result.timeouts === 0;
      log(`${db.kind} ${load.name}: ${result.requests.total} requests (${result.requests.average}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}; RSS ${Math.round(peak / 1e6)} MB (peak ${Math.round(hwm / 1e6)} MB)`);
      if (!ok) throw new Error(`${db.kind} ${load.name}: the load got errors: non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`);
      rows.push(
        { suite: SUITE, name: `API ${load.name} p50 (${db.kind}, 10k images)`, value: result.latency.p50, unit: "ms" },
        { suite: SUITE, name: `API ${load.name} p99 (${db.kind}, 10k images)`, value: result.latency.p99, unit: "ms", target: "≤ 20 ms", ok: result.latency.p99 <= 20 },
        { suite: SUITE, name: `API ${load.name} achieved rate (${db.kind})`, value: result.requests.average, unit: "req/s" },
        { suite: SUITE, name: `server+workers RSS under the ${load.name} load (${db.kind})`, value: hwm / 1e6, unit: "MB", target: "≤ 300 MB", ok: hwm <= 300e6 },
      );
    }
    return rows;
  } finally {
    await server.stop();
  }
}

async function throughput(kind: Db["kind"], options: ScanOptions, archive: string, dir: string, log: (m: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const links = join(dir, "links");
  mkdirSync(links, { recursive: true });
  const targets = Array.from({ length: RESCANS }, (_, i) => {
    const p = join(links, `rescan-${i}.oci.tar`);
    if (!existsSync(p)) symlinkSync(archive, p);
    return `oci-archive:${p}`;
  });
  const other = archive.replace(/bookworm\.oci-archive\.tar$/, "bookworm.docker-archive.tar");
  for (const workers of [1, 2]) {
    const db = await freshDb(kind, dir);
    const server = await start(db, join(dir, `${kind}-${workers}`), options, workers);
    try {
      // Cold: `workers` archives of the same image at once on an empty catalog (each misses every layer).
      const cold = [archive, other].slice(0, workers);
      const coldMs = await scanAll(server, cold);
      const missed = await misses(server);
      log(`${kind}, ${workers} worker(s): ${cold.length} cold scan(s) in ${(coldMs / 1000).toFixed(2)} s, ${missed} layer misses`);
      const coldPerHour = (cold.length * 3_600_000) / coldMs;
      rows.push({ suite: SUITE, name: `cold scans/hour, ${workers} worker(s) (${kind})`, value: coldPerHour, unit: "/h" });
      const cpu0 = process.cpuUsage();
      const ms = await scanAll(server, targets);
      const cpu = process.cpuUsage(cpu0);
      const cpuMsPerRescan = (cpu.user + cpu.system) / 1000 / RESCANS;
      const perHourPerWorker = (RESCANS * 3_600_000) / ms / workers;
      log(`${kind}, ${workers} worker(s): ${RESCANS} rescans in ${(ms / 1000).toFixed(2)} s, ${cpuMsPerRescan.toFixed(0)} ms of this process's CPU each`);
      rows.push({ suite: SUITE, name: `rescans/hour/worker, ${workers} worker(s) (${kind})`, value: perHourPerWorker, unit: "/h", target: "≥ 3,000", ok: perHourPerWorker >= 3000 });
      // What one core could do: the wall-clock rate above depends on the machine's other load.
      rows.push({ suite: SUITE, name: `rescan CPU time, ${workers} worker(s) (${kind}; Dredge's process only)`, value: cpuMsPerRescan, unit: "ms" });
    } finally {
      await server.close();
      await db.drop();
    }
  }
  return rows;
}

async function coldVsCli(options: ScanOptions, archive: string, dir: string, log: (m: string) => void): Promise<BenchRow[]> {
  const cli: number[] = [];
  const srv: number[] = [];
  const cliCpu: number[] = [];
  const srvCpu: number[] = [];
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  for (let i = 0; i < COLD_RUNS; i++) {
    // The CLI as run by default: its file layer cache on (empty), vulnerabilities matched.
    const cliDir = join(dir, `cli-${i}`);
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    await scanTarget(archive, { ...options, cache: true, scanners: ["vuln"] }, { logger: silentLogger, cacheDir: cliDir, tmpDir: cliDir });
    cli.push(performance.now() - t0);
    cliCpu.push(cpuMs(process.cpuUsage(c0)));
    const db = await freshDb("sqlite", dir);
    const server = await start(db, join(dir, `cold-${i}`), options, 1);
    try {
      c0 = process.cpuUsage();
      t0 = performance.now();
      await scanAll(server, [archive]);
      srv.push(performance.now() - t0);
      srvCpu.push(cpuMs(process.cpuUsage(c0)));
    } finally {
      await server.close();
    }
    log(`cold scan ${i + 1}: CLI ${Math.round(cli[i]!)} ms (${Math.round(cliCpu[i]!)} ms CPU), server ${Math.round(srv[i]!)} ms (${Math.round(srvCpu[i]!)} ms CPU)`);
  }
  const ratio = median(srv) / median(cli);
  const cpuRatio = median(srvCpu) / median(cliCpu);
  return [
    { suite: SUITE, name: "cold scan by the CLI (bookworm OCI archive)", value: median(cli), unit: "ms" },
    { suite: SUITE, name: "cold scan by a server worker (SQLite)", value: median(srv), unit: "ms", ratio, baseline: "CLI", target: "≤ 1.2×", ok: ratio <= 1.2 },
    { suite: SUITE, name: "cold scan CPU time by the CLI", value: median(cliCpu), unit: "ms" },
    { suite: SUITE, name: "cold scan CPU time by a server worker", value: median(srvCpu), unit: "ms", ratio: cpuRatio, baseline: "CLI", target: "≤ 1.2×", ok: cpuRatio <= 1.2 },
  ];
}

async function run(ctx: BenchContext): Promise<BenchRow[]> {
  const images = process.env.DREDGE_TEST_IMAGES ?? "/var/tmp/dredge-test-images";
  const archive = join(images, "bookworm.oci-archive.tar");
  if (!existsSync(archive)) {
    ctx.log(`skipped: the test images are not built in ${images} (bash ../shared/tools/make-test-images.sh ${images})`);
    return [];
  }
  mkdirSync(join(ctx.tmpDir, "vulndb"));
  const vulnDb = await buildFixtureDb(join(ctx.tmpDir, "vulndb"));
  const options = parseScanOptions({ db: vulnDb, skipDbUpdate: true, offline: true, cache: false });
  const reachable: Db["kind"][] = (await postgresReachable()) ? ["sqlite", "postgres"] : ["sqlite"];
  // DREDGE_BENCH_SERVER_DB=sqlite|postgres: one store only.
  const kinds = reachable.filter((k) => (process.env.DREDGE_BENCH_SERVER_DB ?? k) === k);
  if (kinds.length === 1) ctx.log("PostgreSQL on 127.0.0.1:5432 is not reachable: SQLite only");
  const only = (process.env.DREDGE_BENCH_SERVER ?? "cold,throughput,api").split(",");
  const rows: BenchRow[] = [];
  if (only.includes("cold")) rows.push(...(await coldVsCli(options, archive, ctx.tmpDir, ctx.log)));
  if (only.includes("throughput")) for (const kind of kinds) rows.push(...(await throughput(kind, options, archive, ctx.tmpDir, ctx.log)));
  if (only.includes("api")) {
    for (const kind of kinds) {
      const db = await freshDb(kind, ctx.tmpDir);
      try {
        rows.push(...(await apiLoad(db, options, vulnDb, archive, ctx.tmpDir, ctx.log)));
      } finally {
        await db.drop();
      }
    }
  }
  return rows;
}

export const serverSuite: BenchSuite = { id: SUITE, run };
