/**
 * End to end over Trivy's repository inputs: each analyzer walks the input directory (as `dredge fs DIR`
 * would) and the packages of the lockfile agree with the packages of Trivy's golden report for it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Analyzer } from "../types.js";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "./testing.js";
import { npmLockAnalyzer } from "./npm/analyzer.js";
import { pythonLockAnalyzer } from "./python/analyzer.js";
import { composerInstalledAnalyzer, composerLockAnalyzer } from "./php/analyzer.js";
import { nugetLockAnalyzer } from "./dotnet/analyzer.js";

const cases: { golden: string; input: string; target: string; analyzer: Analyzer; file: string }[] = [
  { golden: "npm.json.golden", input: "npm", target: "package-lock.json", analyzer: npmLockAnalyzer, file: "/package-lock.json" },
  { golden: "pip.json.golden", input: "pip", target: "requirements.txt", analyzer: pythonLockAnalyzer, file: "/requirements.txt" },
  { golden: "uv.json.golden", input: "uv", target: "uv.lock", analyzer: pythonLockAnalyzer, file: "/uv.lock" },
  { golden: "composer.lock.json.golden", input: "composer", target: "composer.lock", analyzer: composerLockAnalyzer, file: "/composer.lock" },
  { golden: "nuget.json.golden", input: "nuget", target: "packages.lock.json", analyzer: nugetLockAnalyzer, file: "/packages.lock.json" },
];

describe("trivy goldens", () => {
  for (const c of cases) {
    it(`${c.golden}: ${c.target}`, async () => {
      const files = collect(c.analyzer, join(trivyInputs, c.input));
      const { result, warnings } = await runAnalyzer(c.analyzer, files);
      assert.deepEqual(warnings, []);
      const set = result.packageSets?.find((s) => s.path === c.file);
      assert.ok(set, `no package set for ${c.file}`);
      assert.equal(set.analyzer, c.analyzer.id);
      // npm.json.golden leaves dev dependencies out (npm-with-dev.json.golden keeps them).
      const pkgs = c.golden === "npm.json.golden" ? set.packages.filter((p) => !p.dev) : set.packages;
      assert.deepEqual(nameVersions(pkgs), goldenPackages(c.golden, c.target));
    });
  }

  it("composer.vendor.json.golden: installed.json under vendor/composer", async () => {
    const files = collect(composerInstalledAnalyzer, join(trivyInputs, "composer-vendor"));
    assert.equal(files.length, 0, "installed.json outside vendor/composer is not an installed tree");
  });
});
