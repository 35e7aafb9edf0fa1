import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { testImages } from "../../../test/helpers/images.js";
import { analyzers } from "../registry.js";
import { imageLangAnalyzers, sourceLangAnalyzers } from "./index.js";
import { collect, runAnalyzer } from "./testing.js";

describe("language analyzers on the bookworm image", () => {
  it("find exactly the expected npm and PyPI packages, none of the removed ones", async () => {
    const { rootfs, expected } = testImages();
    const found: string[] = [];
    for (const a of imageLangAnalyzers) {
      const { result, warnings } = await runAnalyzer(a, collect(a, rootfs, ["/proc", "/sys", "/dev"]));
      assert.deepEqual(warnings, [], a.id);
      for (const s of result.packageSets ?? []) for (const p of s.packages) found.push(`${p.type}:${p.name}@${p.version}`);
    }
    const e = expected.bookworm;
    const want = [
      ...e.npm.map((p) => `npm:${p.name}@${p.version}`),
      ...[...e.python, ...e.pythonOwnedByDpkg].map((p) => `pypi:${p.name}@${p.version}`),
    ];
    assert.deepEqual(found.sort(), want.sort());
    for (const a of e.absent) assert.ok(!found.includes(`${a.type}:${a.name}@${a.version}`), `${a.name} ${a.why}`);
  });

  it("the registry runs the image analyzers; ids are unique", () => {
    for (const a of imageLangAnalyzers) assert.ok(analyzers.includes(a), a.id);
    const ids = [...imageLangAnalyzers, ...sourceLangAnalyzers].map((a) => a.id);
    assert.equal(new Set(ids).size, new Set([...imageLangAnalyzers, ...sourceLangAnalyzers]).size);
  });
});
