import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { analyzers } from "../analyzer/registry.js";
import { fileLayerCache, layerCacheKey, memoryLayerCache } from "../cache/layer-cache.js";
import { openImageTarget } from "../image/target.js";
import type { ResolvedImage } from "../image/types.js";
import { silentLogger } from "../util/log.js";
import { testImages } from "../../test/helpers/images.js";
import { analyzeImage } from "./image.js";

const tmp = mkdtempSync(join(tmpdir(), "dredge-artifact-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The real bookworm image, with every layer open counted. */
async function countingImage(layerTrust?: "manifest"): Promise<{ image: ResolvedImage; opened: string[]; close(): Promise<void> }> {
  const source = await openImageTarget(testImages().ociArchive, { tmpDir: tmp, logger: silentLogger });
  const [image] = await source.resolve({ logger: silentLogger });
  const opened: string[] = [];
  const counted: ResolvedImage = {
    metadata: image!.metadata,
    openLayer: (l) => {
      opened.push(l.diffId);
      return image!.openLayer(l);
    },
    ...(layerTrust ? { layerTrust } : {}),
  };
  return { image: counted, opened, close: () => source.close() };
}

describe("analyzeImage reads each layer at most once", () => {
  it("a second scan hits the layer cache (local blobs hashed, not walked); a changed analyzer set reads them again", async () => {
    const cacheDir = join(tmp, "cache");
    const cache = fileLayerCache(cacheDir);
    const first = await countingImage();
    const a1 = await analyzeImage(first.image, { analyzers, logger: silentLogger, cache });
    assert.equal(first.opened.length, 4);
    assert.ok(a1.layers.every((l) => !l.cached));
    await first.close();
    const second = await countingImage();
    const a2 = await analyzeImage(second.image, { analyzers, logger: silentLogger, cache });
    assert.equal(second.opened.length, 4, "an archive's blobs are hashed before their cached analyses are used");
    assert.ok(a2.layers.every((l) => l.cached), "all four layers come from the cache");
    assert.equal(a2.fileCount, a1.fileCount);
    assert.deepEqual(a2.packageSets.map((s) => s.path).sort(), a1.packageSets.map((s) => s.path).sort());
    const third = await analyzeImage(second.image, { analyzers: analyzers.slice(0, 2), logger: silentLogger, cache });
    assert.equal(second.opened.length, 8, "another analyzer set is another cache key");
    assert.ok(third.layers.every((l) => !l.cached));
    assert.equal(third.fileCount, a1.fileCount);
    await second.close();
    const registryLike = await countingImage("manifest");
    const a3 = await analyzeImage(registryLike.image, { analyzers, logger: silentLogger, cache });
    assert.deepEqual(registryLike.opened, [], "layers named by a verified manifest hit without a download");
    assert.ok(a3.layers.every((l) => l.cached));
    await registryLike.close();
  });

  it("images sharing layers in one run (--platform all) read each shared layer once, even without a cache", async () => {
    const one = await countingImage();
    const memo = new Map();
    const cache = memoryLayerCache();
    // Two images of one run that share their first three layers (as platforms of an index can).
    const twin: ResolvedImage = { metadata: { ...one.image.metadata, layers: one.image.metadata.layers.slice(0, 3) }, openLayer: one.image.openLayer };
    await Promise.all([
      analyzeImage(one.image, { analyzers, logger: silentLogger, memo, cache }),
      analyzeImage(twin, { analyzers, logger: silentLogger, memo, cache }),
    ]);
    assert.equal(one.opened.length, 4);
    assert.equal(new Set(one.opened).size, 4);
    await one.close();
  });

  it("cache keys change with the analyzer version", () => {
    const a = layerCacheKey("sha256:00", [{ id: "dpkg", version: 1 }]);
    const b = layerCacheKey("sha256:00", [{ id: "dpkg", version: 2 }]);
    assert.notEqual(a, b);
    assert.equal(a, layerCacheKey("sha256:00", [{ id: "dpkg", version: 1 }]));
  });
});

describe("layers read in parallel merge as read one after another", () => {
  /** What an analysis says, without the tree object (compared through what it produced). */
  const view = (a: Awaited<ReturnType<typeof analyzeImage>>) => ({
    layers: a.layers,
    packageSets: a.packageSets,
    fileCount: a.fileCount,
    warnings: a.warnings,
    gaps: a.gaps,
    layerAnalyses: a.layerAnalyses,
    results: [...a.results],
    files: [...a.tree.files()].map((e) => `${e.info.path} ${e.layer}`).sort(),
  });

  for (const [name, target] of [["bookworm OCI archive", () => testImages().ociArchive], ["rpm docker archive", () => testImages().rpmDockerArchive]] as const) {
    it(`${name}: one layer at a time, three and eight at once give the same analysis`, async () => {
      const views = [];
      for (const concurrency of [1, 3, 8]) {
        const source = await openImageTarget(target(), { tmpDir: tmp, logger: silentLogger });
        try {
          const [image] = await source.resolve({ logger: silentLogger });
          views.push(view(await analyzeImage(image!, { analyzers, logger: silentLogger, concurrency })));
        } finally {
          await source.close();
        }
      }
      assert.ok(views[0]!.packageSets.length > 0);
      assert.deepEqual(views[1], views[0]);
      assert.deepEqual(views[2], views[0]);
    });
  }
});
