import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { testImages } from "../../../../test/helpers/images.js";
import { collect, goldenPackages, langFixtures, nameVersions, runAnalyzer, trivyInputs } from "../testing.js";
import { npmInstalledAnalyzer, npmLockAnalyzer } from "./analyzer.js";
import { isInstalledPackageJson, parsePackageJson } from "./package-json.js";
import { parsePackageLock } from "./package-lock.js";
import { parsePnpmLock, splitPnpmKey } from "./pnpm-lock.js";
import { parseYarnLock } from "./yarn-lock.js";

const read = (p: string): Buffer => readFileSync(p);

describe("npm installed packages", () => {
  it("finds the bookworm image's npm packages and app roots", async () => {
    const { rootfs, expected } = testImages();
    const files = collect(npmInstalledAnalyzer, rootfs, ["/proc", "/sys", "/dev"]);
    const { result } = await runAnalyzer(npmInstalledAnalyzer, files);
    const found = result.packageSets?.flatMap((s) => s.packages.map((p) => `${p.name}@${p.version} ${p.locations[0]?.path}`));
    const want = expected.bookworm.npm.map((p) => `${p.name}@${p.version} ${p.path}`);
    assert.deepEqual(found?.sort(), want.sort());
    const lodash = result.packageSets?.flatMap((s) => s.packages).find((p) => p.name === "lodash");
    assert.equal(lodash?.purl, "pkg:npm/lodash@4.17.15");
    assert.deepEqual(lodash?.licenses, ["MIT"]);
  });

  it("scoped names, legacy licences, nested node_modules", () => {
    const doc = Buffer.from(JSON.stringify({ name: "@types/node", version: "20.1.0", licenses: [{ type: "MIT" }, "ISC"] }));
    const r = parsePackageJson(doc, "/usr/local/lib/node_modules/@types/node/package.json");
    assert.equal(r.packages[0]?.purl, "pkg:npm/%40types/node@20.1.0");
    assert.deepEqual(r.packages[0]?.licenses, ["MIT", "ISC"]);
    assert.ok(isInstalledPackageJson("/a/node_modules/x/node_modules/@s/y/package.json"));
    assert.ok(!isInstalledPackageJson("/a/node_modules/x/lib/package.json"));
    assert.equal(parsePackageJson(doc, "/a/node_modules/x/lib/package.json").packages.length, 0);
  });

  it("skips an app without version, warns on malformed JSON naming the file", () => {
    assert.equal(parsePackageJson(Buffer.from('{"name":"app"}'), "/app/package.json").packages.length, 0);
    const bad = parsePackageJson(Buffer.from('{"name": "x", '), "/app/node_modules/x/package.json");
    assert.equal(bad.packages.length, 0);
    assert.match(bad.warnings[0] ?? "", /\/app\/node_modules\/x\/package\.json/);
  });

  it("reads the trivy npm input's node_modules", async () => {
    const files = collect(npmInstalledAnalyzer, join(trivyInputs, "npm"));
    const { result } = await runAnalyzer(npmInstalledAnalyzer, files);
    const names = nameVersions(result.packageSets?.flatMap((s) => s.packages) ?? []);
    assert.ok(names.includes("react@16.8.6") && names.includes("z-lock@1.0.0"), names.join(" "));
  });

  it("skips files over the size limit with a warning", async () => {
    const content = Buffer.alloc(5 * 1024 * 1024, 0x20);
    const info = { path: "/p/package.json", type: "file" as const, size: content.length, mode: 0o644, uid: 0, gid: 0 };
    const { result, warnings } = await runAnalyzer(npmInstalledAnalyzer, [{ path: info.path, info, content }]);
    assert.equal(result.packageSets?.length, 0);
    assert.match(warnings[0] ?? "", /\/p\/package\.json.*limit/);
  });
});

describe("npm lockfiles", () => {
  it("package-lock v1 agrees with trivy's golden (npm-with-dev)", () => {
    const r = parsePackageLock(read(join(trivyInputs, "npm/package-lock.json")), "/package-lock.json");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("npm-with-dev.json.golden", "package-lock.json"));
    assert.equal(r.packages.find((p) => p.name === "z-lock")?.dev, true);
    assert.equal(r.packages.find((p) => p.name === "react")?.dev, false);
  });

  it("package-lock v2/v3 with direct and dev flags", () => {
    for (const dir of ["trivy-happy", "syft-pkg-lock", "syft-npm-lock"]) {
      const path = join(langFixtures, "npm", dir, "package-lock.json");
      const r = parsePackageLock(read(path), path);
      assert.ok(r.packages.length > 0, dir);
      assert.equal(r.warnings.length, 0);
      for (const p of r.packages) assert.match(p.purl, /^pkg:npm\//);
    }
    const doc = {
      lockfileVersion: 3,
      packages: {
        "": { name: "app", dependencies: { a: "^1" }, devDependencies: { "@s/d": "^2" } },
        "node_modules/a": { version: "1.0.0" },
        "node_modules/a/node_modules/b": { version: "2.0.0" },
        "node_modules/@s/d": { version: "2.1.0", dev: true },
      },
    };
    const r = parsePackageLock(Buffer.from(JSON.stringify(doc)), "/package-lock.json");
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by.a?.direct, true);
    assert.equal(by.b?.direct, false);
    assert.equal(by["@s/d"]?.dev, true);
    assert.equal(by["@s/d"]?.purl, "pkg:npm/%40s/d@2.1.0");
  });

  it("yarn v1 and berry", () => {
    const v1 = parseYarnLock(read(join(langFixtures, "yarn/syft-yarn-v1/yarn.lock")), "/yarn.lock");
    const berry = parseYarnLock(read(join(langFixtures, "yarn/syft-yarn-berry/yarn.lock")), "/yarn.lock");
    assert.ok(v1.packages.some((p) => p.name === "@babel/code-frame" && p.version === "7.10.4"));
    assert.ok(berry.packages.some((p) => p.name === "@babel/code-frame" && p.version === "7.10.4"));
    assert.ok(!berry.packages.some((p) => p.version.includes("workspace")));
    // Same dependencies; berry's root is a workspace (not a package), v1 lists c0n-fab_u.laTION as a dependency.
    const v1Names = nameVersions(v1.packages).filter((n) => n !== "c0n-fab_u.laTION@7.7.7");
    assert.equal(v1Names.length, v1.packages.length - 1);
    assert.deepEqual(v1Names, nameVersions(berry.packages));
    const happy = parseYarnLock(read(join(langFixtures, "yarn/trivy-happy/yarn.lock")), "/yarn.lock");
    assert.ok(happy.packages.length > 5);
  });

  it("pnpm keys of lockfile versions 5, 6 and 9", () => {
    assert.deepEqual(splitPnpmKey("/@babel/core/7.1.0_peer@1"), { name: "@babel/core", version: "7.1.0" });
    assert.deepEqual(splitPnpmKey("/@babel/core@7.1.0(peer@1)"), { name: "@babel/core", version: "7.1.0" });
    assert.deepEqual(splitPnpmKey("ms@2.1.3"), { name: "ms", version: "2.1.3" });
    const v9 = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      ms: {specifier: ^2.1.3, version: 2.1.3}",
      "    devDependencies:",
      "      '@types/ms': {specifier: ^0.7.0, version: 0.7.34}",
      "packages:",
      "  ms@2.1.3: {resolution: {integrity: sha512-x}}",
      "  '@types/ms@0.7.34': {resolution: {integrity: sha512-y}}",
      "  debug@4.3.4: {resolution: {integrity: sha512-z}}",
    ].join("\n");
    const r = parsePnpmLock(Buffer.from(v9), "/pnpm-lock.yaml");
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.deepEqual(nameVersions(r.packages), ["@types/ms@0.7.34", "debug@4.3.4", "ms@2.1.3"]);
    assert.equal(by.ms?.direct, true);
    assert.equal(by["@types/ms"]?.dev, true);
    assert.equal(by.debug?.direct, false);
  });

  it("lock analyzer ignores lockfiles inside node_modules", () => {
    const info = { path: "", type: "file" as const, size: 1, mode: 0o644, uid: 0, gid: 0 };
    assert.ok(npmLockAnalyzer.wants("/app/yarn.lock", info));
    assert.ok(!npmLockAnalyzer.wants("/app/node_modules/x/package-lock.json", info));
  });
});
