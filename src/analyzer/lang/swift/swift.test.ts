import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, goldenPackages, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { parsePackageResolved, swiftPackageName } from "./package-resolved.js";
import { parsePodfileLock, parsePodSpec } from "./podfile-lock.js";
import { podfileLockAnalyzer, swiftResolvedAnalyzer } from "./analyzer.js";

const resolved = readFileSync(join(trivyInputs, "swift/Package.resolved"));
const podfile = readFileSync(join(trivyInputs, "cocoapods/Podfile.lock"));

interface V1 {
  object: { pins: { package: string; repositoryURL: string; state: Record<string, unknown> }[] };
}

describe("Package.resolved", () => {
  it("v1 agrees with trivy's golden", async () => {
    const { result, warnings } = await runAnalyzer(swiftResolvedAnalyzer, collect(swiftResolvedAnalyzer, join(trivyInputs, "swift")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("swift.json.golden", "Package.resolved"));
    assert.equal(pkgs.find((p) => p.version === "2.41.0")?.purl, "pkg:swift/github.com/apple/swift-nio@2.41.0");
  });

  it("v2/v3 (`pins` at the top, `identity`/`location`) give the same packages; branch pins are skipped", () => {
    const v1 = JSON.parse(resolved.toString()) as V1;
    const pins = v1.object.pins.map((p) => ({ identity: p.package, kind: "remoteSourceControl", location: p.repositoryURL, state: p.state }));
    pins.push({ identity: "dev", kind: "remoteSourceControl", location: "https://github.com/x/dev.git", state: { branch: "main", revision: "abc" } });
    for (const version of [2, 3]) {
      const r = parsePackageResolved(Buffer.from(JSON.stringify({ originHash: "x", pins, version })), "Package.resolved");
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(nameVersions(r.packages), goldenPackages("swift.json.golden", "Package.resolved"));
    }
  });

  it("repository URLs → package names", () => {
    assert.equal(swiftPackageName("https://github.com/apple/swift-nio.git"), "github.com/apple/swift-nio");
    assert.equal(swiftPackageName("git@github.com:apple/swift-nio.git"), "github.com/apple/swift-nio");
    assert.equal(swiftPackageName("ssh://git@gitlab.example.com:2222/team/lib/"), "gitlab.example.com/team/lib");
    assert.equal(swiftPackageName("/Users/me/local-package"), undefined);
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["{", '{"version": 2}', '{"version": 1, "pins": []}']) {
      const r = parsePackageResolved(Buffer.from(bad), "/src/Package.resolved");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/src/Package.resolved: "), bad);
    }
    const local = { version: 2, pins: [{ identity: "x", location: "../x", state: { version: "1.0.0" } }, 5, null] };
    const r = parsePackageResolved(Buffer.from(JSON.stringify(local)), "P.resolved");
    assert.equal(r.packages.length, 0);
    assert.equal(r.warnings.length, 1);
  });
});

describe("Podfile.lock", () => {
  it("agrees with trivy's golden; DEPENDENCIES are direct", async () => {
    const { result, warnings } = await runAnalyzer(podfileLockAnalyzer, collect(podfileLockAnalyzer, join(trivyInputs, "cocoapods")));
    assert.deepEqual(warnings, []);
    const pkgs = result.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(nameVersions(pkgs), goldenPackages("cocoapods.json.golden", "Podfile.lock"));
    assert.equal(pkgs[0]?.direct, true);
    assert.equal(pkgs[0]?.purl, "pkg:cocoapods/_NIODataStructures@2.41.0");
  });

  it("pods with dependencies (one-key maps) and subspecs, reported as their pod", () => {
    const text = podfile.toString().replace(
      "PODS:\n",
      'PODS:\n  - AppCenter/Analytics (4.4.1):\n    - AppCenter/Core\n  - AppCenter/Core (4.4.1)\n  - "KeychainAccess (4.2.2)"\n',
    );
    const r = parsePodfileLock(Buffer.from(text), "Podfile.lock");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages), ["AppCenter@4.4.1", "KeychainAccess@4.2.2", "_NIODataStructures@2.41.0"]);
    assert.equal(r.packages.find((p) => p.name === "AppCenter")?.direct, false);
    assert.deepEqual(parsePodSpec("Firebase/Core (~> 1.0)"), { pod: "Firebase", version: "~> 1.0" });
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["PODS: {a: 1}", "PODS: [", "PODS:\n  - no version here\n", "- a"]) {
      const r = parsePodfileLock(Buffer.from(bad), "/ios/Podfile.lock");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/ios/Podfile.lock: "), bad);
    }
  });
});
