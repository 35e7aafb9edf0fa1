import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, describe, it } from "node:test";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { reporterFor } from "../../src/report/registry.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { one } from "../../src/server/db/sql.js";
import { openFindings, type FindingsService } from "../../src/server/findings.js";
import { answerOf } from "../../src/server/fleet/answers.js";
import { defined, filterQuery, parseInput } from "../../src/server/http/input.js";
import { silentLogger } from "../../src/util/log.js";
import { testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions, waitForScan } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

/** Filtered queries: each must be served from the stored match and equal the report computed from the inventory. */
const QUERIES = [
  "severity=HIGH,CRITICAL",
  "severity=LOW",
  "ignoreUnfixed=true",
  "pkgTypes=os",
  "pkgTypes=library",
  "ignoreStatus=fixed,affected",
  "sort=package",
  "sort=risk",
  "severity=MEDIUM,HIGH,CRITICAL&ignoreUnfixed=true&pkgTypes=os&sort=package",
];
const FORMATS = ["json", "sarif", "cyclonedx", "spdx-json", "table", "gitlab"];

/** Volatile parts of a rendered report: times and generated ids. */
const normalise = (text: string) =>
  text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");

async function render(format: string, findings: FindingsService, key: { digest: string; storedAt: number }, inventory: Parameters<FindingsService["report"]>[1], query: string) {
  const reporter = reporterFor(format);
  const filters = defined(parseInput(z.strictObject(filterQuery), Object.fromEntries(new URLSearchParams(query)), "query"));
  const report = await findings.report(key, inventory, filters, reporter.packageListing === "always");
  const chunks: Buffer[] = [];
  await reporter.write(report, new Writable({ write: (c: Buffer | string, _e, cb) => (chunks.push(Buffer.from(c)), cb()) }), { color: false });
  return { report, text: Buffer.concat(chunks).toString("utf8") };
}

for (const { kind, make } of adapters) {
  describe(`stored matches (filtered …/vulnerabilities and …/report) on ${kind}`, () => {
    it("serves every filter and format from the stored match, equal to the report computed from the inventory", async () => {
      const images = testImages();
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      const dir = await mkdtemp(join(tmpdir(), "dredge-matches-"));
      const local = await openFindings(await testScanOptions(), { logger: silentLogger, cacheDir: dir, tmpDir: dir });
      try {
        const call = api(server.url, await server.token("reader"));
        const admin = api(server.url, await server.token("admin"));
        const scan = await waitForScan(admin, ((await (await admin("POST", "/images", { reference: images.ociArchive })).json()) as { scanId: string }).scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const digest = scan.digest!;
        const db = server.db;
        const rows = () => db.all<{ db_version: string; inventory_at: number; core: Buffer; listing: Buffer }>("SELECT * FROM image_matches WHERE digest = ?", [digest]);
        const get = async (path: string) => {
          const res = await call("GET", path);
          assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
          return res;
        };

        // The worker indexed the image before the scan was done: its match is stored, for the current inventory.
        const [row] = await rows();
        assert.ok(row, "a match row after the scan");
        const stored = (await sqlCatalog(db).getStoredInventory(digest))!;
        assert.equal(Number(row.inventory_at), stored.storedAt);
        assert.equal(row.db_version, local.version());
        assert.ok(row.core.length < 16_384, `the match is compact (${row.core.length} bytes)`);
        const key = { digest, storedAt: stored.storedAt };

        // Every filter: the stored match's answer equals the one computed from the inventory (the CLI's filters and sorts).
        let some = 0;
        for (const q of QUERIES) {
          const served = await (await get(`/images/${digest}/vulnerabilities?${q}`)).json();
          const { report } = await render("json", local, key, stored.inventory, q);
          assert.deepEqual(served, JSON.parse(JSON.stringify({ digest, ...answerOf(report) })), q);
          some += (served as { vulnerabilities: unknown[] }).vulnerabilities.length;
        }
        assert.ok(some > 0, "the filters keep findings");
        // Every format (with the package listing for CycloneDX and SPDX), with and without filters.
        for (const format of FORMATS) {
          for (const q of ["", "severity=HIGH,CRITICAL&pkgTypes=os"]) {
            const served = await (await get(`/images/${digest}/report?format=${format}${q ? `&${q}` : ""}`)).text();
            const { text } = await render(format, local, key, stored.inventory, q);
            assert.equal(normalise(served), normalise(text), `${format} ${q}`);
          }
        }

        // Served from the row: a changed row shows in every filtered answer and report, in no other image or version.
        const core = JSON.parse(inflateRawSync(row.core).toString("utf8")) as { match: { warnings: string[] } };
        core.match.warnings = ["from the stored match"];
        await db.run("UPDATE image_matches SET core = ? WHERE digest = ?", [deflateRawSync(JSON.stringify(core)), digest]);
        const tampered = (await (await get(`/images/${digest}/vulnerabilities?severity=LOW&sort=package`)).json()) as { warnings: string[] };
        assert.ok(tampered.warnings.includes("from the stored match"));
        // (A filter not asked before: reports are cached by image, inventory, database version and filters.)
        assert.match(await (await get(`/images/${digest}/report?format=json&ignoreUnfixed=true&sort=risk`)).text(), /from the stored match/);

        // A row of an older inventory, or of another database, is never served: the read matches again and stores the match.
        await db.run("UPDATE image_matches SET inventory_at = ? WHERE digest = ?", [stored.storedAt - 1, digest]);
        const recomputed = (await (await get(`/images/${digest}/vulnerabilities?severity=MEDIUM&sort=package`)).json()) as { warnings: string[] };
        assert.ok(!recomputed.warnings.includes("from the stored match"));
        const [again] = await rows();
        assert.equal(Number(again!.inventory_at), stored.storedAt, "the read stored the match of the current inventory");
        assert.deepEqual(inflateRawSync(again!.core), inflateRawSync(row.core));
        await db.run("UPDATE image_matches SET db_version = ?, core = ? WHERE digest = ?", ["an older database", deflateRawSync(JSON.stringify(core)), digest]);
        assert.ok(!((await (await get(`/images/${digest}/vulnerabilities?ignoreUnfixed=true&sort=package`)).json()) as { warnings: string[] }).warnings.includes("from the stored match"));
        assert.equal((await rows()).length, 2, "the current version's row was stored beside the other");

        // The rows go with the image.
        assert.equal((await admin("DELETE", `/images/${digest}`)).status, 204);
        assert.equal(Number((await one<{ n: number }>(db, "SELECT COUNT(*) AS n FROM image_matches"))!.n), 0);
        assert.equal((await call("GET", `/images/${digest}/vulnerabilities?severity=LOW`)).status, 404);
        assert.equal((await call("GET", `/images/${digest}/report?format=json`)).status, 404);
      } finally {
        await local.close();
        await server.dispose();
        await t.drop();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
