/**
 * The dashboard's pages with N images in the catalog (default 10,000; `N=…`), as the pages call the API:
 * each image stores the bookworm test image's inventory and two thirds of them its findings; three older
 * database builds of history (image_summaries). A real server on loopback; for each page, the time of its
 * API calls one after the other over loopback (the page makes them in parallel: its wall time is less),
 * p50 and the slowest of 20 runs; the target is 200 ms of server time per page.
 * `node --import tsx bench/dashboard.ts sqlite|postgres`.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventoryTarget } from "../src/scan/index.js";
import { openFindings } from "../src/server/findings.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { openDatabase } from "../src/server/db/open.js";
import { storeFindings } from "../src/server/fleet/findings-store.js";
import { silentLogger } from "../src/util/log.js";
import { startTestServer, testScanOptions } from "../test/server/harness.js";
import { postgresDatabase, sqliteDatabase } from "../test/server/adapters.js";

const N = Number(process.env.N ?? 10000);
const kind = process.argv[2] ?? "sqlite";
const dir = await mkdtemp(join(tmpdir(), "dashboard-bench-"));
const hooks = { logger: silentLogger, cacheDir: dir, tmpDir: dir };
const options = await testScanOptions();
const [full] = await inventoryTarget("/var/tmp/dredge-test-images/bookworm.oci-archive.tar", options, hooks);
const inv = { ...full!, packages: full!.packages.map((p) => ({ ...p, files: undefined })) };
const findings = await openFindings(options, hooks);
const list = await findings.indexFindings(inv);
const t = kind === "postgres" ? await postgresDatabase() : await sqliteDatabase();
const db = await openDatabase(t.url);
const catalog = sqlCatalog(db);
const built = { id: findings.version(), built: Date.parse(findings.builtAt()) };
const digestOf = (i: number) => `sha256:${i.toString(16).padStart(64, "0")}`;
const t0 = Date.now();
const now = Date.now();
const put = async (i: number) => {
  const digest = digestOf(i);
  await catalog.putImage({ digest, reference: `r.example/app${i % 100}:${i}`, registry: `r${i % 5}.example`, repo: `app${i % 100}`, tag: String(i), distro: "debian 12", verified: true }, inv, now - i);
  await storeFindings(db, built, digest, now - i, { findings: i % 3 === 0 ? [] : list });
};
for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: Math.min(8, N - i) }, (_, k) => put(i + k)));
for (let n = 0; n < 3; n++) {
  await db.run(
    `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at)
     SELECT ?, ?, digest, critical + 1, high + 2, medium, low, negligible, unknown, kev, fixable, NULL, indexed_at FROM image_summaries WHERE db_version = ?`,
    [`history-${n}`, Date.UTC(2021, 0, 1 + n), built.id],
  );
}
if (kind === "postgres") await db.run("VACUUM ANALYZE");
await db.close();
findings.close();
console.log(`stored ${N} images and their history in ${Date.now() - t0} ms`);

const server = await startTestServer(t.url, { workers: 0 });
const token = await server.token("admin");
/** One request's time over loopback, body read (an upper bound of its server time). */
const get = async (path: string) => {
  const t = performance.now();
  const r = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  await r.arrayBuffer();
  return performance.now() - t;
};
const a = digestOf(1);
const b = digestOf(2);
const vid = encodeURIComponent(list[0]!.id);
const pages: [string, string[]][] = [
  ["overview", ["/overview", "/trends", "/images?sort=risk&limit=10", "/images?sort=risk&kev=true&limit=10"]],
  ["images (risk, 50)", ["/images?sort=risk&limit=50", "/policies"]],
  ["images (severity=HIGH)", ["/images?sort=risk&limit=50&severity=HIGH", "/policies"]],
  ["image", [`/images/${a}`, `/images/${a}/vulnerabilities`, `/images/${a}/packages`, "/policies"]],
  ["image history", [`/images/${a}/scans`, `/images/${a}/checks?limit=20`]],
  ["vulnerability", [`/vulnerabilities/${vid}/images?limit=100`, `/images/${a}/vulnerabilities`]],
  ["compare", ["/images?limit=500", `/images/${a}/packages`, `/images/${a}/vulnerabilities`, `/images/${a}`, `/images/${b}/packages`, `/images/${b}/vulnerabilities`, `/images/${b}`]],
  ["policies", ["/policies", "/images?limit=200"]],
  ["tokens", ["/tokens"]],
  ["trends (one repository)", ["/trends?repository=app7"]],
];
for (const [name, paths] of pages) {
  const runs: number[] = [];
  for (let i = 0; i < 21; i++) {
    let server = 0;
    for (const path of paths) server += await get(path);
    if (i > 0) runs.push(server);
  }
  runs.sort((x, y) => x - y);
  console.log(`${name.padEnd(28)} server p50 ${runs[10]!.toFixed(1)} ms  max ${runs[19]!.toFixed(1)} ms  target ≤ 200 ms ${runs[10]! <= 200 ? "OK" : "MISSED"}`);
}
await server.dispose();
await t.drop();
