/**
 * The dashboard's pages with N images in the catalog (default 10,000; `N=…`), as the pages call the API.
 * Seeding (bench/fill-catalog.ts, as the server bench does): the bookworm test image is scanned and indexed once,
 * then copied in bulk under N - 1 more digests; the copies are spread over 5 registries and 256 repositories,
 * about a third have no findings, their KEV and critical counts vary (the risk order), three older database
 * builds of history are added (image_summaries and the monitor's image_trends), a policy is made active and
 * each image has its stored verdict (GO, WARN, STOP, or none yet: unknown).
 * A real server on loopback; each API call is made RUNS times (default 30, after one warm-up) and timed twice: its
 * server time (what the server observes for dredge_http_request_duration_seconds: from the request to the
 * response sent) and over loopback (to the end of its body, client included). p50 and p99 per call, and per page
 * of the sum of its calls (the page makes them in parallel: its wall time is less); the target is 200 ms
 * of server time per page.
 * `N=10000 node --import tsx bench/dashboard.ts sqlite|postgres` (RUNS=…; KEEP=1 keeps the seeded database)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventoryTarget } from "../src/scan/index.js";
import { openFindings } from "../src/server/findings.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { openDatabase } from "../src/server/db/open.js";
import { dbVersionOf, storeFindings } from "../src/server/fleet/findings-store.js";
import { snapshotTrends } from "../src/server/monitor/runs.js";
import { Histogram } from "../src/server/metrics.js";
import { silentLogger } from "../src/util/log.js";
import { startTestServer, testScanOptions } from "../test/server/harness.js";
import { postgresDatabase, sqliteDatabase } from "../test/server/adapters.js";
import { copyImage } from "./fill-catalog.js";

const N = Number(process.env.N ?? 10000);
const RUNS = Number(process.env.RUNS ?? 30);
const kind = process.argv[2] ?? "sqlite";
const dir = await mkdtemp(join(tmpdir(), "dashboard-bench-"));
const hooks = { logger: silentLogger, cacheDir: dir, tmpDir: dir };
const options = await testScanOptions();
const [full] = await inventoryTarget("/var/tmp/dredge-test-images/bookworm.oci-archive.tar", options, hooks);
const inv = { ...full!, packages: full!.packages.map((p) => ({ ...p, files: undefined })) };
const findings = await openFindings(options, hooks);
const t = kind === "postgres" ? await postgresDatabase() : await sqliteDatabase();
const db = await openDatabase(t.url);
const digestOf = (i: number) => `sha256:${i.toString(16).padStart(64, "0")}`;
const version = dbVersionOf(findings.version(), findings.builtAt());
const t0 = Date.now();
const real = digestOf(0);
const now = Date.now();
await sqlCatalog(db).putImage({ digest: real, reference: "r0.example/app00:0", registry: "r0.example", repo: "app00", tag: "0", distro: "debian 12", verified: true }, inv, now);
const indexed = await findings.indexImage(inv);
await storeFindings(db, version, real, now, { findings: indexed.findings, answer: indexed.answer, match: indexed.match, keys: indexed.keys });
await copyImage(db, real, Array.from({ length: N - 1 }, (_, i) => digestOf(i + 1)));
// Spread over 16 registries and 256 repositories by the digest's last hex digits (c(1) is the last), and vary
// the counts (the risk order): a third without findings, a sixteenth with a KEV finding, more critical ones.
const c = (k: number, table = "") => `substr(${table}digest, ${72 - k}, 1)`;
await db.run(
  `UPDATE images SET registry = 'r' || ${c(3)} || '.example', repo = 'app' || ${c(2)} || ${c(1)}, tag = substr(digest, 65, 7),
   reference = 'r' || ${c(3)} || '.example/app' || ${c(2)} || ${c(1)} || ':' || substr(digest, 65, 7), last_seen = last_seen - ${N}`,
);
// A sixth of them (8192 and up) known from uploaded SBOMs (unverified): no verdict, unknown.
await db.run(`UPDATE images SET verified = 0 WHERE ${c(4)} = '2'`);
await db.run("DELETE FROM image_tags");
await db.run("INSERT INTO image_tags (digest, reference, registry, repo, tag, first_seen, last_seen) SELECT digest, reference, registry, repo, tag, first_seen, last_seen FROM images");
const noFindings = `${c(1)} IN ('0', '3', '6', '9', 'c')`;
await db.run(`DELETE FROM image_findings WHERE ${noFindings}`);
await db.run(`UPDATE image_summaries SET critical = 0, high = 0, medium = 0, low = 0, negligible = 0, unknown = 0, kev = 0, fixable = 0 WHERE ${noFindings}`);
await db.run(
  `UPDATE image_summaries SET kev = CASE WHEN ${c(2)} = '7' THEN 1 + kev ELSE kev END,
   critical = critical + CASE WHEN ${c(3)} < '4' THEN 3 WHEN ${c(3)} < '8' THEN 2 WHEN ${c(3)} < 'c' THEN 1 ELSE 0 END
   WHERE NOT (${noFindings})`,
);
await snapshotTrends(db, version, version.built);
for (let n = 0; n < 3; n++) {
  const past = { id: `history-${n}`, built: Date.UTC(2021, 0, 1 + n) };
  await db.run(
    `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at)
     SELECT ?, ?, digest, critical + 1, high + 2, medium, low, negligible, unknown, kev, fixable, NULL, indexed_at FROM image_summaries WHERE db_version = ?`,
    [past.id, past.built, version.id],
  );
  await snapshotTrends(db, past, past.built);
}
if (kind === "postgres") await db.run("VACUUM ANALYZE");
await db.close();
findings.close();
console.log(`${kind}: stored ${N} images and their history in ${Date.now() - t0} ms`);

// The server's own time of each request (Fastify's, from the request to the response sent), as it observes it for
// dredge_http_request_duration_seconds; the bench also times each call over loopback (client included).
const serverTimes: number[] = [];
const observe = Histogram.prototype.observe;
Histogram.prototype.observe = function (this: Histogram<string>, labels: Record<string, string>, value: number) {
  if (this.name === "dredge_http_request_duration_seconds") serverTimes.push(value * 1000);
  observe.call(this, labels, value);
};
const server = await startTestServer(t.url, { workers: 0 });
const token = await server.token("admin");
const call = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
// The active policy, its verdict on the real image computed by the server, then one stored verdict per image:
// GO, WARN or STOP by the digest, none for the unverified ones (uploads: unknown) (unknown until evaluated).
const policy = "version: 1\nrules:\n  - { id: crit, gate: vulnerabilities, trigger: severity, params: { min: CRITICAL }, action: STOP }\n";
if ((await call("POST", "/policies", { name: "bench", document: policy, active: true })).status !== 201) throw new Error("storing the policy failed");
if ((await call("GET", `/images/${real}/check`)).status !== 200) throw new Error("the verdict of the real image failed");
await server.db.run(
  `INSERT INTO policy_evaluations (id, digest, stored_at, policy_id, revision, db_version, final_action, evaluation, created_at)
   SELECT e.id || i.digest, i.digest, e.stored_at, e.policy_id, e.revision, e.db_version,
     CASE WHEN ${c(2, "i.")} < '8' THEN 'GO' WHEN ${c(2, "i.")} < 'c' THEN 'WARN' ELSE 'STOP' END, e.evaluation, e.created_at
   FROM images i, policy_evaluations e WHERE e.digest = ? AND i.digest <> e.digest AND i.verified = 1
   ON CONFLICT (digest, stored_at, revision, db_version) DO NOTHING`,
  [real],
);
if (kind === "postgres") await server.db.run("VACUUM ANALYZE policy_evaluations");

/** One request: its server time (as the server measured it) and its time over loopback with the body read. */
const get = async (path: string) => {
  const start = performance.now();
  serverTimes.length = 0;
  const r = await call("GET", path);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
  const loopback = performance.now() - start;
  while (serverTimes.length === 0) await new Promise((resolve) => setImmediate(resolve));
  return { server: serverTimes[0]!, loopback };
};
const a = digestOf(1);
const b = digestOf(2);
const vid = encodeURIComponent(indexed.findings[0]!.id);
const top50 = (await (await call("GET", "/images?sort=risk&limit=50")).json()) as { items: { digest: string }[] };
const checks = top50.items.map((i) => `/images/${i.digest}/check`);
const verdictPaths = process.env.VERDICT_FILTER === "0" ? [] : ["/images?sort=risk&limit=50&verdict=STOP", "/images?sort=risk&limit=50&verdict=unknown"];
/** Each page's calls, as src/ui/pages/ makes them (IMAGE_CHECKS=1: the Images page's per-image verdicts, as before the list carried them). */
const pages: [string, string[]][] = [
  ["overview", ["/overview", "/trends", "/images?sort=risk&limit=10", "/images?sort=risk&kev=true&limit=10"]],
  ["images (risk, 50)", ["/images?sort=risk&limit=50", "/policies", ...(process.env.IMAGE_CHECKS === "1" ? checks : [])]],
  ["images (severity, fixable)", ["/images?sort=risk&limit=50&severity=CRITICAL&fixable=true", "/policies"]],
  ["images (repository)", ["/images?sort=risk&limit=50&repo=app7f", "/policies"]],
  ["images (kev, registry)", ["/images?sort=risk&limit=50&kev=true&registry=r3.example", "/policies"]],
  ...verdictPaths.map((p): [string, string[]] => [`images (${p.slice(p.lastIndexOf("=") + 1)})`, [p, "/policies"]]),
  ["image", [`/images/${a}`, `/images/${a}/vulnerabilities`, `/images/${a}/packages`, "/policies", `/images/${a}/check`]],
  ["image history", [`/images/${a}/scans`, `/images/${a}/checks?limit=20`]],
  ["vulnerability", [`/vulnerabilities/${vid}/images?limit=100`, `/images/${a}/vulnerabilities`]],
  ["compare", ["/images?limit=500", `/images/${a}/packages`, `/images/${a}/vulnerabilities`, `/images/${a}`, `/images/${b}/packages`, `/images/${b}/vulnerabilities`, `/images/${b}`]],
  ["policies", ["/policies", "/images?limit=200"]],
  ["subscriptions", ["/subscriptions"]],
  ["tokens", ["/tokens"]],
  ["trends (one repository)", ["/trends?repository=app7f"]],
];
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const calls = new Map<string, { server: number[]; loopback: number[] }>();
const ms = (xs: number[], p: number) => pct(xs, p).toFixed(1).padStart(7);
console.log(`server time (loopback time in brackets), ${RUNS} runs; a page: the sum of its calls`);
for (const [name, paths] of pages) {
  const runs = { server: [] as number[], loopback: [] as number[] };
  for (let i = 0; i <= RUNS; i++) {
    const sum = { server: 0, loopback: 0 };
    for (const path of paths) {
      const took = await get(path);
      sum.server += took.server;
      sum.loopback += took.loopback;
      if (i === 0 || path.endsWith("/check")) continue;
      const c = calls.get(path) ?? { server: [], loopback: [] };
      c.server.push(took.server);
      c.loopback.push(took.loopback);
      calls.set(path, c);
    }
    if (i === 0) continue;
    runs.server.push(sum.server);
    runs.loopback.push(sum.loopback);
  }
  for (const xs of [runs.server, runs.loopback]) xs.sort((x, y) => x - y);
  const p50 = pct(runs.server, 50);
  console.log(`page ${name.padEnd(30)} p50 ${ms(runs.server, 50)} ms  p99 ${ms(runs.server, 99)} ms  (${ms(runs.loopback, 50)} / ${ms(runs.loopback, 99)})  target ≤ 200 ms ${p50 <= 200 ? "OK" : "MISSED"}`);
}
for (const [path, c] of calls) {
  for (const xs of [c.server, c.loopback]) xs.sort((x, y) => x - y);
  console.log(`  call ${path.replace(/sha256:[0-9a-f]{64}/, "{digest}").padEnd(62)} p50 ${ms(c.server, 50)} ms  p99 ${ms(c.server, 99)} ms  (${ms(c.loopback, 50)} / ${ms(c.loopback, 99)})`);
}
await server.dispose();
// KEEP=1: the seeded database stays (for EXPLAIN); its address is printed.
if (process.env.KEEP === "1") console.log(`kept ${t.url}`);
else await t.drop();
await rm(dir, { recursive: true, force: true });
