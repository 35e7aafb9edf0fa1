/**
 * The fleet queries with N images in the catalog (default 10,000; `N=…`): each image stores the bookworm
 * test image's inventory (package file lists left out, to store faster) and two thirds of them its findings
 * against the fixture database. Prints p50 and the slowest of 30 runs per query, in the process (no HTTP).
 * `node --import tsx bench/server-fleet.ts sqlite|postgres` (PostgreSQL: a database created and dropped on
 * 127.0.0.1:5432).
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventoryTarget } from "../src/scan/index.js";
import { openFindings } from "../src/server/findings.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { openDatabase } from "../src/server/db/open.js";
import { storeFindings } from "../src/server/fleet/findings-store.js";
import { pendingCount } from "../src/server/fleet/indexer.js";
import { imagesWithPackage, imagesWithVulnerability, listImages, packagesPending } from "../src/server/fleet/queries.js";
import { parseVers } from "../src/purl/vers/index.js";
import { silentLogger } from "../src/util/log.js";
import { testScanOptions } from "../test/server/harness.js";
import { postgresDatabase, sqliteDatabase } from "../test/server/adapters.js";

const N = Number(process.env.N ?? 10000);
const kind = process.argv[2] ?? "sqlite";
const dir = await mkdtemp(join(tmpdir(), "fleet-bench-"));
const hooks = { logger: silentLogger, cacheDir: dir, tmpDir: dir };
const options = await testScanOptions();
const [full] = await inventoryTarget("/var/tmp/dredge-test-images/bookworm.oci-archive.tar", options, hooks);
const inv = { ...full!, packages: full!.packages.map((p) => ({ ...p, files: undefined })) };
const findings = await openFindings(options, hooks);
const list = await findings.indexFindings(inv!);
console.log("packages", inv!.packages.length, "findings", list.length);
const t = kind === "postgres" ? await postgresDatabase() : await sqliteDatabase();
const db = await openDatabase(t.url);
const catalog = sqlCatalog(db);
const version = findings.version();
const built = { id: version, built: Date.parse(findings.builtAt()) };
let t0 = Date.now();
const put = async (i: number) => {
  const digest = `sha256:${i.toString(16).padStart(64, "0")}`;
  // vary findings: a third none, others all
  const some = i % 3 === 0 ? [] : list;
  await catalog.putImage({ digest, reference: `r.example/app${i % 100}:${i}`, registry: `r${i % 5}.example`, repo: `app${i % 100}`, tag: String(i), distro: "debian 12", verified: true }, inv!, 1000 + i);
  await storeFindings(db, built, digest, 1000 + i, { findings: some });
};
for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: Math.min(8, N - i) }, (_, k) => put(i + k)));
console.log("stored", N, "in", Date.now() - t0, "ms");
// The steady state autovacuum keeps: statistics and the visibility map (index-only scans).
if (kind === "postgres") await db.run("VACUUM ANALYZE");
const pkg = inv!.packages.find((p) => p.type === "deb")!;
const vid = list[0]!.id;
const cases: [string, () => Promise<unknown>][] = [
  ["pending count", () => pendingCount(db, version)],
  ["packages pending", () => packagesPending(db)],
  ["images digest", () => listImages(db, version, { sort: "digest", limit: 50 })],
  ["images digest cursor mid", () => listImages(db, version, { sort: "digest", limit: 50, cursor: `sha256:${(5000).toString(16).padStart(64, "0")}` })],
  ["images risk", () => listImages(db, version, { sort: "risk", limit: 50 })],
  ["images severity=CRITICAL", () => listImages(db, version, { sort: "digest", limit: 50, severity: "CRITICAL" })],
  ["images kev", () => listImages(db, version, { sort: "digest", limit: 50, kev: true })],
  ["images registry", () => listImages(db, version, { sort: "digest", limit: 50, registry: "r3.example" })],
  ["vuln images", () => imagesWithVulnerability(db, version, vid, undefined, 50)],
  ["packages", () => imagesWithPackage(db, { type: "deb", namespace: "debian", name: pkg.name }, undefined, undefined, 50)],
  ["packages vers none match (full scan)", () => imagesWithPackage(db, { type: "deb", namespace: "debian", name: pkg.name }, parseVers(`vers:deb/<0.0.1`), undefined, 50)],
  ["packages vers match", () => imagesWithPackage(db, { type: "deb", namespace: "debian", name: pkg.name }, parseVers(`vers:deb/>=${pkg.version}`), undefined, 50)],
  ["tags", () => catalog.getTags(`sha256:${(77).toString(16).padStart(64, "0")}`)],
];
for (const [name, fn] of cases) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(40)} p50 ${times[15]!.toFixed(2)} ms  max ${times[29]!.toFixed(2)} ms`);
}
await db.close();
findings.close();
await t.drop();
