/**
 * scanTargets (the pipeline of `--input-list`) on the real bookworm archive: images reaching the same layer
 * at once read it once (the in-flight memo), without the layer cache; the reports come back in list order.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseScanOptions, scanTargets, silentLogger } from "../../src/index.js";
import type { ScanHooks } from "../../src/scan/index.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "./fixture-db.js";

let work: string;
let db: string;
before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-scan-list-"));
  db = await buildFixtureDb(work);
});
after(() => rmSync(work, { recursive: true, force: true }));

async function readings(targets: string[]): Promise<{ reads: number; names: string[] }> {
  let reads = 0;
  const hooks: ScanHooks = { logger: silentLogger, cacheDir: join(work, "cache"), tmpDir: work, onLayer: (p) => void (p.state === "reading" && reads++) };
  const options = parseScanOptions({ db, skipDbUpdate: true, cache: false, scanners: ["vuln"] });
  const r = await scanTargets(targets.map((target, i) => ({ target, line: i + 1 })), options, hooks, 2);
  return { reads, names: r.reports.map((x) => x.artifact.name) };
}

describe("scanTargets", () => {
  it("two images sharing every layer, scanned at once without a cache: each layer is read once", async () => {
    const img = testImages();
    const one = await readings([img.ociArchive]);
    assert.ok(one.reads > 0);
    const two = await readings([img.ociArchive, img.ociArchive]);
    assert.equal(two.reads, one.reads);
    assert.deepEqual(two.names, [img.ociArchive, img.ociArchive]);
  });
});
