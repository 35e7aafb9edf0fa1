import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { appendFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { analyzers } from "../analyzer/registry.js";
import { analyzeImage } from "../artifact/image.js";
import { isDredgeError } from "../errors.js";
import { openImageTarget } from "../image/target.js";
import type { ResolvedImage } from "../image/types.js";
import { buildInventory } from "../inventory/build.js";
import { silentLogger } from "../util/log.js";
import { debianLayer, fakePadded, imageParts, writeClassicArchive, writeLayoutArchive, writeLayoutDir } from "../../test/helpers/tampered-images.js";
import { fileLayerCache } from "./layer-cache.js";
import { fileVerifiedFiles, stampFile, type VerifiedFiles } from "./verified-files.js";

let tmp: string;
let n = 0;
const fresh = (name: string): string => join(tmp, `${n++}-${name}`);
before(() => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-verified-"));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Past the coarsest file-time tick, so that a rewrite gets a new ctime. */
const tick = () => sleep(30);
const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("verified byte ranges of local files", () => {
  it("a record holds while the file is unchanged, and not after a write, even of the same size", async () => {
    const file = fresh("blob");
    writeFileSync(file, "0123456789");
    const store = fileVerifiedFiles(fresh("cache"), 0);
    const range = { file, offset: 2, size: 5 };
    await store.record(range, (await stampFile(file))!, DIGEST);
    assert.equal(await store.lookup(range), DIGEST);
    assert.equal(await store.lookup({ file, offset: 2, size: 6 }), undefined, "another range");
    assert.equal(await store.lookup({ file, offset: 2 }), undefined, "another range");
    await tick();
    await writeFile(file, "0123456780");
    assert.equal(await store.lookup(range), undefined);
  });

  it("a corrupt record, or one whose digest is not a sha256 digest, is no record", async () => {
    const file = fresh("blob");
    writeFileSync(file, "0123456789");
    const cache = fresh("cache");
    const store = fileVerifiedFiles(cache, 0);
    const range = { file, offset: 0, size: 4 };
    await store.record(range, (await stampFile(file))!, DIGEST);
    const records = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    assert.equal(records.length, 1);
    const record = JSON.parse(readFileSync(records[0]!, "utf8")) as { key: string };
    for (const bad of ["{not json", "null", "[]", JSON.stringify({ ...record, digest: "sha256:../../etc" }), JSON.stringify({ ...record, digest: 7 })]) {
      writeFileSync(records[0]!, bad);
      assert.equal(await store.lookup(range), undefined, bad);
    }
  });

  it("records nothing for a file changed while it was read, or changed within racyMs before", async () => {
    const file = fresh("blob");
    writeFileSync(file, "content");
    const stamp = (await stampFile(file))!;
    const racy = fileVerifiedFiles(fresh("cache"));
    await racy.record({ file, offset: 0 }, stamp, DIGEST);
    assert.equal(await racy.lookup({ file, offset: 0 }), undefined, "just written: within the default 2 s");
    const store = fileVerifiedFiles(fresh("cache"), 0);
    await tick();
    await appendFile(file, "more");
    await store.record({ file, offset: 0 }, stamp, DIGEST);
    assert.equal(await store.lookup({ file, offset: 0 }), undefined, "changed between the stamp and the record");
  });

  it("stamps only regular files", async () => {
    assert.equal(await stampFile(tmp), undefined);
    assert.equal(await stampFile(join(tmp, "missing")), undefined);
  });
});

/** Scan `target` with the file caches: the package names found, and how many times a layer blob was opened. */
async function scan(target: string, cacheDir: string, verified: VerifiedFiles): Promise<{ names: string[]; opened: number }> {
  const source = await openImageTarget(target, { tmpDir: tmp, logger: silentLogger });
  let opened = 0;
  try {
    const [image] = await source.resolve({ logger: silentLogger });
    const counting: ResolvedImage = { ...image!, openLayer: (l) => (opened++, image!.openLayer(l)) };
    const a = await analyzeImage(counting, { analyzers, logger: silentLogger, cache: fileLayerCache(cacheDir), verifiedFiles: verified });
    return { names: buildInventory(a).packages.map((p) => p.name).sort(), opened };
  } finally {
    await source.close();
  }
}

describe("a warm rescan of an unchanged local image does not hash its blobs again", () => {
  const GENUINE = ["genuine-tool", "libgenuine1"];
  const targets: [string, (path: string, parts: Awaited<ReturnType<typeof imageParts>>, served?: Map<string, Buffer>) => Promise<void>, (p: string) => string][] = [
    ["OCI archive", writeLayoutArchive, (p) => p],
    ["OCI layout", writeLayoutDir, (p) => `oci:${p}`],
    ["docker archive", (p, parts, served) => writeClassicArchive(p, parts, { gzipLayers: true, served }), (p) => p],
  ];
  for (const [kind, write, target] of targets) {
    it(`${kind}: the cold scan records, the warm one opens no blob; a swapped blob is hashed and fails`, async () => {
      const parts = await imageParts([debianLayer(GENUINE)]);
      const path = fresh("image");
      await write(path, parts);
      const cacheDir = fresh("cache");
      const verified = fileVerifiedFiles(cacheDir, 0);
      assert.deepEqual(await scan(target(path), cacheDir, verified), { names: GENUINE, opened: 1 });
      assert.deepEqual(await scan(target(path), cacheDir, verified), { names: GENUINE, opened: 0 });
      await tick();
      await write(path, parts, new Map([[parts.layerDigests[0]!, await fakePadded(parts.blobs[0]!, ["fake-clean"])]]));
      await assert.rejects(scan(target(path), cacheDir, verified), (e: unknown) => isDredgeError(e, "DIGEST_MISMATCH"));
    });
  }
});
