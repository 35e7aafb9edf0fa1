import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTree, TreeFolder } from "./merge.js";
import type { CompactFile, LayerAnalysis } from "./types.js";

const layer = (files: CompactFile[], whiteouts: string[] = [], opaques: string[] = []): LayerAnalysis => ({
  schema: 1, diffId: `sha256:${"0".repeat(64)}`, files, whiteouts, opaques, results: {}, warnings: [], stats: { entries: files.length, bytes: 0, skipped: 0 },
});
const layers = [
  layer([["etc", "dir", 0, 0o755], ["etc/a", "file", 1, 0o644], ["etc/b", "file", 2, 0o644], ["opt/x/y", "file", 3, 0o644]]),
  layer([["etc/a", "file", 10, 0o600], ["opt/x", "symlink", 0, 0o777, "/etc"]], ["etc/b"]),
  layer([["etc/c", "file", 4, 0o644]], [], ["opt"]),
  layer([["opt/z", "file", 5, 0o644]]),
];
const view = (t: ReturnType<typeof buildTree>) => [...t.files()].map((e) => [e.info.path, e.info.type, e.info.size, e.layer]).sort();

describe("folding layers into the tree as they arrive", () => {
  it("in any order, gives the tree of the layers applied bottom-up, and keeps them without their file lists", () => {
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]]) {
      const f = new TreeFolder();
      const seen = new Set<number>();
      for (const i of order) {
        f.add(i, layers[i]!);
        seen.add(i);
        let below = 0;
        while (seen.has(below)) below++;
        assert.equal(f.analyses.length, below, `folded after ${i} of ${order.join(",")}: the layers with every one below them in`);
      }
      assert.deepEqual(view(f.tree), view(buildTree(layers)), order.join(","));
      assert.deepEqual(f.analyses.map((a) => a.files.length), [0, 0, 0, 0]);
      assert.deepEqual(f.analyses.map((a) => a.whiteouts), layers.map((a) => a.whiteouts));
      assert.equal(layers[0]!.files.length, 4, "the given analyses are not changed");
    }
  });
});

describe("waiting for layers to be folded", () => {
  it("resolves once that many layers are folded, whatever order they arrive in", async () => {
    const f = new TreeFolder();
    const done: number[] = [];
    const waits = [0, 1, 3, 4].map((n) => f.whenFolded(n).then(() => done.push(n)));
    await Promise.resolve();
    assert.deepEqual(done, [0], "nothing folded: only a wait for none is over");
    f.add(1, layers[1]!);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(done, [0], "layer 1 waits for layer 0: nothing folded yet");
    f.add(2, layers[2]!);
    f.add(0, layers[0]!);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(done, [0, 1, 3]);
    f.add(3, layers[3]!);
    await Promise.all(waits);
    assert.deepEqual(done, [0, 1, 3, 4]);
  });

  it("a stopped folder rejects those waiting and any later wait with the failure", async () => {
    const f = new TreeFolder();
    const waiting = f.whenFolded(2);
    const err = new Error("layer 0 is corrupt");
    f.stop(err);
    await assert.rejects(waiting, err);
    await assert.rejects(f.whenFolded(1), err);
  });
});
