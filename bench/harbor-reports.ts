/**
 * Harbor report reads for an image of thousands of packages (N, default 5,000: the bookworm test image's
 * packages repeated under new names, each repeat also matched against the fixture database): the time to
 * compute each part on read (what the adapter did before) and to serve it from the catalog (read the stored
 * text, wrap it), p50 and max of 20 runs, in the process (no HTTP). `node --import tsx bench/harbor-reports.ts sqlite|postgres`.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventoryTarget } from "../src/scan/index.js";
import { openFindings } from "../src/server/findings.js";
import { sqlCatalog } from "../src/server/catalog/catalog.js";
import { openDatabase } from "../src/server/db/open.js";
import { computePart, precomputeReports, readStored, versionFor, wrapSbom, wrapVulnerabilities, type StoredKind } from "../src/server/harbor/stored.js";
import { silentLogger } from "../src/util/log.js";
import { testScanOptions } from "../test/server/harness.js";
import { postgresDatabase, sqliteDatabase } from "../test/server/adapters.js";

const N = Number(process.env.N ?? 5000);
const kind = process.argv[2] ?? "sqlite";
const dir = await mkdtemp(join(tmpdir(), "harbor-bench-"));
const hooks = { logger: silentLogger, cacheDir: dir, tmpDir: dir };
const options = await testScanOptions();
const [base] = await inventoryTarget("/var/tmp/dredge-test-images/bookworm.oci-archive.tar", options, hooks);
const packages = Array.from({ length: Math.ceil(N / base!.packages.length) }, (_, i) => base!.packages.map((p) => (i === 0 ? p : { ...p, name: `${p.name}-x${i}`, purl: p.purl.replace(`/${p.name}@`, `/${p.name}-x${i}@`) }))).flat().slice(0, N);
const inv = { ...base!, packages };
const findings = await openFindings(options, hooks);
const t = kind === "postgres" ? await postgresDatabase() : await sqliteDatabase();
const db = await openDatabase(t.url);
const digest = `sha256:${"ab".repeat(32)}`;
await sqlCatalog(db).putImage({ digest, reference: "r.example/big:1", registry: "r.example", repo: "big", tag: "1", distro: "debian 12", verified: true }, inv, 1000);
const artifact = { repository: "big", digest };
const time = async (f: () => Promise<unknown>) => {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const out = await f();
    ms.push(performance.now() - t0);
    bytes = typeof out === "string" ? out.length : bytes;
  }
  ms.sort((a, b) => a - b);
  return `p50 ${ms[10]!.toFixed(1)} ms, max ${ms[19]!.toFixed(1)} ms, ${(bytes / 1e6).toFixed(1)} MB`;
};
const t0 = performance.now();
await precomputeReports(db, findings, digest, inv, 1000);
console.log(`${kind}: ${N} packages; precompute at scan end (3 parts) ${(performance.now() - t0).toFixed(0)} ms`);
const kinds: [StoredKind, (p: string) => string][] = [
  ["harbor-vulnerabilities", (p) => wrapVulnerabilities(p, artifact)],
  ["sbom-spdx", (p) => wrapSbom(p, artifact, "application/spdx+json")],
  ["sbom-cyclonedx", (p) => wrapSbom(p, artifact, "application/vnd.cyclonedx+json")],
];
for (const [k, wrap] of kinds) {
  const computed = await time(async () => {
    const stored = await sqlCatalog(db).getStoredInventory(digest);
    return wrap(await computePart(k, digest, stored!.inventory, stored!.storedAt, { report: (key, i, f, l) => findings.report({ ...key, storedAt: key.storedAt + Math.random() }, i, f, l) }));
  });
  const served = await time(async () => wrap((await readStored(db, digest, k, versionFor(k, findings)))!));
  console.log(`${k}: computed on read ${computed}; served from the catalog ${served}`);
}
await db.close();
await findings.close();
await t.drop();
