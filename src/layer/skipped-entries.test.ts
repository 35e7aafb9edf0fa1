/** Unsafe tar entries are named a few at a time, then summarised per layer (issue #22 item 11). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { gzip, tarBuffer, walkBytes, where, type TarSpec } from "../../test/helpers/hostile-tars.js";
import { NAMED_SKIPS } from "./skipped-entries.js";

describe("skipped tar entries: a summary per layer, not a line each", () => {
  it("10,000 ../ entries and 2 escaping hard links: the first 3 named, then one summary with the counts", async () => {
    const entries: TarSpec[] = Array.from({ length: 10_000 }, (_, i) => ({ name: `../escape/${i}`, content: "x" }));
    entries.push({ name: "shadow", type: "link", linkname: "../../etc/shadow" }, { name: "passwd", type: "link", linkname: "../../etc/passwd" });
    entries.push({ name: "fine", content: "ok" });
    const r = await walkBytes(gzip(await tarBuffer(entries)));
    assert.equal(r.error, undefined, String(r.error));
    assert.deepEqual(r.events, ["file /fine +content"]);
    assert.equal(r.warnings.length, NAMED_SKIPS + 1, r.warnings.slice(0, 10).join("\n"));
    for (const [i, w] of r.warnings.slice(0, NAMED_SKIPS).entries()) {
      assert.equal(w, `skipped a tar entry whose path is unsafe ${JSON.stringify({ layer: where, path: `../escape/${i}` })}`);
    }
    assert.equal(
      r.warnings[NAMED_SKIPS],
      `skipped unsafe tar entries in this layer (the first ${NAMED_SKIPS} are named above) ${JSON.stringify({ layer: where, skipped: 10_002, reasons: { "unsafe path": 10_000, "hard link out of the root": 2 } })}`,
    );
  });

  it("as many skips as are named: no summary", async () => {
    const r = await walkBytes(gzip(await tarBuffer(Array.from({ length: NAMED_SKIPS }, (_, i) => ({ name: `../x${i}`, content: "x" })))));
    assert.equal(r.warnings.length, NAMED_SKIPS);
    assert.ok(r.warnings.every((w) => w.startsWith("skipped a tar entry whose path is unsafe")));
  });
});
