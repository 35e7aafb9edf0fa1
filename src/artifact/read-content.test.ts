import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import type { AnalysisInput, Analyzer } from "../analyzer/types.js";
import { openLayerTar } from "../layer/decompress.js";
import { walkLayer } from "../layer/walk.js";
import { silentLogger } from "../util/log.js";
import { layerTar } from "../../test/helpers/oci-writer.js";
import { analyzeEvents } from "./analyze-layer.js";
import { ContentScratch, readContent } from "./read-content.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed * 7) & 0xff));

describe("readContent", () => {
  it("fills the target, or returns the chunk itself, or concatenates", async () => {
    const parts = [bytes(100, 1), bytes(50, 2)];
    const whole = Buffer.concat(parts);
    const target = Buffer.alloc(150);
    const into = await readContent(Readable.from(parts), 150, target);
    assert.deepEqual(into, whole);
    assert.equal(into.buffer, target.buffer);
    const one = parts[0]!;
    assert.equal(await readContent(Readable.from([one]), 100), one);
    assert.deepEqual(await readContent(Readable.from(parts), 150), whole);
  });

  it("a file that grew past its target, or shrank, still comes whole", async () => {
    const parts = [bytes(100, 3), bytes(100, 4), bytes(10, 5)];
    assert.deepEqual(await readContent(Readable.from(parts), 150, Buffer.alloc(150)), Buffer.concat(parts));
    assert.deepEqual(await readContent(Readable.from(parts.slice(0, 1)), 150, Buffer.alloc(150)), parts[0]);
  });

  it("the scratch buffer is taken for large files only, and reused", () => {
    const s = new ContentScratch();
    assert.equal(s.take(1000), undefined);
    const a = s.take(300_000)!;
    const b = s.take(290_000)!;
    assert.equal(a.buffer, b.buffer);
    assert.equal(b.length, 290_000);
  });
});

/** Records what each file held when analysed, and (batched) at the end of the layer. */
function recorder(perFile: boolean, seen: Map<string, string>, kept: AnalysisInput[]): Analyzer {
  return {
    id: perFile ? "per-file" : "batched",
    version: 1,
    perFile,
    wants: (path) => path.endsWith(".bin"),
    analyze: (files) => {
      for (const f of files) {
        seen.set(f.path, sha(f.content));
        kept.push(f);
      }
      return Promise.resolve({});
    },
  };
}

describe("analyzeEvents hands each file its own bytes", () => {
  const files = [300_000, 1_000_000, 400_000, 20].map((n, i) => ({ path: `/data/f${i}.bin`, content: bytes(n, i) }));
  const run = async (analyzers: Analyzer[]) => {
    const tar = openLayerTar(Readable.from([await layerTar({ entries: files })]), "test layer");
    await analyzeEvents(walkLayer(tar, { where: "test layer", logger: silentLogger }), { diffId: "sha256:0", where: "test layer", analyzers, logger: silentLogger });
  };

  it("per-file analyzers, large files through the reused buffer", async () => {
    const seen = new Map<string, string>();
    await run([recorder(true, seen, [])]);
    assert.deepEqual([...seen], files.map((f) => [f.path, sha(f.content)]));
  });

  it("a batched analyzer taking the same files still has every file's bytes at the end of the layer", async () => {
    const seen = new Map<string, string>();
    const kept: AnalysisInput[] = [];
    await run([recorder(true, new Map(), []), recorder(false, seen, kept)]);
    assert.deepEqual([...seen], files.map((f) => [f.path, sha(f.content)]));
    assert.deepEqual(kept.map((f) => sha(f.content)), files.map((f) => sha(f.content)));
  });
});
