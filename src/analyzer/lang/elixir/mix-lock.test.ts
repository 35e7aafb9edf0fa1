import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { parseMixLock } from "./mix-lock.js";
import { mixLockAnalyzer } from "./analyzer.js";

const input = readFileSync(join(trivyInputs, "mixlock/mix.lock"));

describe("mix.lock", () => {
  it("agrees with trivy's golden", async () => {
    const { result, warnings } = await runAnalyzer(mixLockAnalyzer, collect(mixLockAnalyzer, join(trivyInputs, "mixlock")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("mix.lock.json.golden", "mix.lock"));
    assert.equal(pkgs.find((p) => p.name === "phoenix")?.purl, "pkg:hex/phoenix@1.6.13");
  });

  it("the Hex package name is the tuple's atom, not the dependency key; git deps are skipped", () => {
    const text = input.toString().replace(
      '  "castore":',
      '  "my_dep": {:git, "https://github.com/x/y.git", "0123abc", []},\n  "alias": {:hex, :real_name, "2.0.1", "aa", [:mix], [], "hexpm", "bb"},\n  "castore":',
    );
    const r = parseMixLock(Buffer.from(text), "mix.lock");
    assert.ok(r.packages.some((p) => p.name === "real_name" && p.version === "2.0.1"));
    assert.ok(!r.packages.some((p) => p.name === "my_dep" || p.name === "alias"));
    assert.equal(r.packages.length, 11);
  });

  it("bad input gives a warning naming the file, never a crash", () => {
    const r = parseMixLock(Buffer.from('{"castore": 1}'), "/app/mix.lock");
    assert.deepEqual(r, { packages: [], warnings: ["/app/mix.lock: not a mix.lock map (does not start with \"%{\")"] });
    assert.deepEqual(parseMixLock(Buffer.from(""), "mix.lock"), { packages: [], warnings: [] });
    const truncated = parseMixLock(input.subarray(0, input.indexOf("\"jason\"") + 20), "mix.lock");
    assert.deepEqual(nameVersions(truncated.packages), ["castore@0.1.18"]);
  });
});
