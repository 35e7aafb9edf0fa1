/** The fuzz oracle itself: what counts as a failure, and the file-system guard. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DredgeError } from "../../src/errors.js";
import { installFsGuard, uninstallFsGuard } from "./fs-guard.js";
import { applyByteMutation } from "./mutate.js";
import { applyJsonMutations } from "./json-mutate.js";
import { checkCase } from "./oracle.js";
import type { FuzzTarget } from "./target.js";

const target = (run: FuzzTarget["run"], extra: Partial<FuzzTarget> = {}): FuzzTarget => ({ name: "t/t", seeds: () => [], run, ...extra });
const input = Buffer.from("x");

describe("fuzz oracle", () => {
  before(installFsGuard);
  after(uninstallFsGuard);

  it("a result, or a DredgeError naming the input, passes", async () => {
    assert.equal((await checkCase(target(() => 1), input, 2000)).problem, undefined);
    const named = target(() => { throw new DredgeError("PARSE_ERROR", "in.json: bad"); }, { where: "in.json" });
    assert.deepEqual(await checkCase(named, input, 2000), { outcome: "DredgeError PARSE_ERROR" });
  });

  it("another exception, an unnamed input, a bad result or a slow case fails", async () => {
    assert.match((await checkCase(target(() => (JSON.parse("null") as { valueOf(): unknown }).valueOf()), input, 2000)).problem ?? "", /^threw TypeError/);
    const unnamed = target(() => { throw new DredgeError("PARSE_ERROR", "bad"); }, { where: "in.json" });
    assert.match((await checkCase(unnamed, input, 2000)).problem ?? "", /does not name the input/);
    assert.match((await checkCase(target(() => 1, { check: () => "wrong" }), input, 2000)).problem ?? "", /^bad result: wrong/);
    const spin = target(() => {
      const start = process.cpuUsage();
      for (let used = 0; used < 60_000; used = process.cpuUsage(start).user);
    });
    assert.match((await checkCase(spin, input, 20)).problem ?? "", /ms of CPU/);
  });

  it("writes in the temp dir pass, writes elsewhere are refused and fail the case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-fuzz-guard-"));
    try {
      assert.equal((await checkCase(target(() => writeFileSync(join(dir, "ok"), "x")), input, 2000)).problem, undefined);
      // Beside the temp root, never inside it (a checkout may itself live under /tmp).
      const outside = resolve(tmpdir(), "..", `dredge-fuzz-guard-must-not-exist-${process.pid}`);
      const r = await checkCase(target(() => writeFileSync(outside, "x")), input, 2000);
      assert.match(r.problem ?? "", /wrote outside the temp dir: writeFileSync/);
      assert.equal(existsSync(outside), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(resolve(tmpdir(), "..", `dredge-fuzz-guard-must-not-exist-${process.pid}`), { force: true });
    }
  });
});

describe("fuzz mutations are deterministic data", () => {
  it("byte mutations", () => {
    const b = Buffer.from("size=0000012 name");
    assert.equal(applyByteMutation(b, { op: "digits", nth: 0, fill: 1 }, [], []).toString(), "size=9999999 name");
    assert.equal(applyByteMutation(b, { op: "word", nth: 2, token: 0 }, ["constructor"], []).toString(), "size=0000012 constructor");
    assert.equal(applyByteMutation(b, { op: "truncate", at: 4 }, [], []).toString(), "size");
  });

  it("JSON mutations: prototype keys stay own keys, nesting goes deeper than JSON.stringify can", () => {
    const renamed = applyJsonMutations({ a: 1 }, [{ op: "rename", node: 1, key: 0 }]);
    assert.equal(renamed, '{"__proto__":1}');
    const nested = applyJsonMutations({ c: [1] }, [{ op: "nest", node: 0, child: 0, depth: 3 }]);
    assert.equal(nested.split('{"c":[').length - 1, 12_001);
    assert.throws(() => JSON.stringify(JSON.parse(nested)), RangeError);
    assert.equal((JSON.parse(nested) as { c: unknown[] }).c.length, 1);
  });
});
