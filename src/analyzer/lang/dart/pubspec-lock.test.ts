import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { parsePubspecLock } from "./pubspec-lock.js";
import { pubspecLockAnalyzer } from "./analyzer.js";

const input = readFileSync(join(trivyInputs, "pubspec/pubspec.lock"));

describe("pubspec.lock", () => {
  it("agrees with trivy's golden, direct from `dependency`", async () => {
    const { result, warnings } = await runAnalyzer(pubspecLockAnalyzer, collect(pubspecLockAnalyzer, join(trivyInputs, "pubspec")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("pubspec.lock.json.golden", "pubspec.lock"));
    const by = Object.fromEntries(pkgs.map((p) => [p.name, p]));
    assert.equal(by.http?.direct, true);
    assert.equal(by.http?.dev, false);
    assert.equal(by.shelf?.direct, false);
    assert.equal(by.http?.purl, "pkg:pub/http@0.13.2");
  });

  it("direct dev is dev; sdk packages are skipped", () => {
    const text = `${input.toString().replace("sdks:", `  test:
    dependency: "direct dev"
    description: { name: test, url: "https://pub.dev" }
    source: hosted
    version: "1.21.0"
  flutter:
    dependency: "direct main"
    description: flutter
    source: sdk
    version: "0.0.0"
sdks:`)}`;
    const r = parsePubspecLock(Buffer.from(text), "pubspec.lock");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages), ["http@0.13.2", "shelf@1.3.1", "test@1.21.0"]);
    assert.equal(r.packages.find((p) => p.name === "test")?.dev, true);
  });

  it("bad input gives a warning naming the file; no packages section is no packages", () => {
    for (const bad of ["packages: [1, 2]", "a: [", "- 1"]) {
      const r = parsePubspecLock(Buffer.from(bad), "/app/pubspec.lock");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/app/pubspec.lock: "), bad);
    }
    assert.deepEqual(parsePubspecLock(Buffer.from("packages: {}\nsdks: {}\n"), "pubspec.lock"), { packages: [], warnings: [] });
  });
});
