import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { parseBunLock, splitSpec } from "./bun-lock.js";
import { stripJsonc } from "./jsonc.js";
import { bunLockAnalyzer } from "./bun-analyzer.js";

const input = readFileSync(join(trivyInputs, "bun/bun.lock"));

describe("bun.lock", () => {
  it("agrees with trivy's golden once dev-only packages are left out", () => {
    const r = parseBunLock(input, "bun.lock");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages.filter((p) => !p.dev)), goldenPackages("bun.json.golden", "bun.lock"));
  });

  it("direct from the workspace; dev = reachable only through devDependencies", () => {
    const by = Object.fromEntries(parseBunLock(input, "bun.lock").packages.map((p) => [p.name, p]));
    assert.equal(by.jquery?.direct, true);
    assert.equal(by.typescript?.direct, true); // a peer dependency of the workspace
    assert.equal(by["@types/bun"]?.direct, true);
    assert.equal(by["@types/bun"]?.dev, true);
    assert.equal(by["undici-types"]?.dev, true); // @types/bun → bun-types → @types/node → undici-types
    assert.equal(by["undici-types"]?.direct, false);
    assert.equal(by["@types/bun"]?.purl, "pkg:npm/%40types/bun@1.2.14");
  });

  it("nested keys resolve before top-level ones; workspace and git entries are skipped", () => {
    const doc = {
      workspaces: { "": { dependencies: { a: "1", w: "workspace:*" } }, "packages/w": { name: "w" } },
      packages: {
        a: ["a@1.0.0", "", { dependencies: { b: "2" } }, "sha"],
        b: ["b@1.0.0", "", {}, "sha"],
        "a/b": ["b@2.0.0", "", {}, "sha"],
        w: ["w@workspace:packages/w"],
        g: ["g@github:x/g#abc", { dependencies: {} }, "x-g-abc"],
      },
    };
    const r = parseBunLock(Buffer.from(JSON.stringify(doc)), "bun.lock");
    const dev = Object.fromEntries(r.packages.map((p) => [`${p.name}@${p.version}`, p.dev]));
    assert.deepEqual(Object.keys(dev).sort(), ["a@1.0.0", "b@1.0.0", "b@2.0.0"]);
    assert.equal(dev["b@2.0.0"], false); // reached through a's nested copy
  });

  it("JSONC: comments and trailing commas outside strings only", () => {
    const text = '{ "a": "x // not a comment", /* c */ "b": [1, 2, ], // end\n "c": "d,]", }';
    assert.deepEqual(JSON.parse(stripJsonc(text)), { a: "x // not a comment", b: [1, 2], c: "d,]" });
    assert.deepEqual(splitSpec("@types/node@22.15.21"), { name: "@types/node", version: "22.15.21" });
    assert.equal(splitSpec("@types/node"), undefined);
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["{ nope", "[]", '{"packages": 3}', ""]) {
      const r = parseBunLock(Buffer.from(bad), "/src/bun.lock");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length > 0 && r.warnings.every((w) => w.startsWith("/src/bun.lock: ")), bad);
    }
    const r = parseBunLock(Buffer.from('{"packages": {"x": 1, "y": ["y"], "z": [null, {}]}}'), "bun.lock");
    assert.deepEqual(r.packages, []);
  });

  it("the analyzer picks bun.lock outside node_modules", async () => {
    const { result } = await runAnalyzer(bunLockAnalyzer, collect(bunLockAnalyzer, join(trivyInputs, "bun")));
    assert.equal(result.packageSets?.[0]?.path, "/bun.lock");
    assert.equal(bunLockAnalyzer.wants("/app/node_modules/x/bun.lock", { path: "", type: "file", size: 1, mode: 0o644, uid: 0, gid: 0 }), false);
  });
});
