import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { goldenPackages, langFixtures, nameVersions, trivyInputs } from "../testing.js";
import { parseComposerLock, parseInstalledJson } from "./composer.js";

describe("composer", () => {
  it("installed.json (v2) agrees with trivy's golden", () => {
    const path = join(trivyInputs, "composer-vendor/installed.json");
    const r = parseInstalledJson(readFileSync(path), "/app/vendor/composer/installed.json");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("composer.vendor.json.golden", "installed.json"));
    assert.equal(r.packages[0]?.purl, "pkg:composer/guzzlehttp/psr7@1.8.3");
    assert.deepEqual(r.packages[0]?.licenses, ["MIT"]);
  });

  it("installed.json v1 (a bare array) gives the same packages", () => {
    const v2 = JSON.parse(readFileSync(join(trivyInputs, "composer-vendor/installed.json"), "utf8")) as { packages: unknown[] };
    const r = parseInstalledJson(Buffer.from(JSON.stringify(v2.packages)), "/v/vendor/composer/installed.json");
    assert.equal(r.packages.length, v2.packages.length);
  });

  it("composer.lock agrees with trivy's golden, direct by require graph", () => {
    const r = parseComposerLock(readFileSync(join(trivyInputs, "composer/composer.lock")), "/composer.lock");
    assert.deepEqual(nameVersions(r.packages), goldenPackages("composer.lock.json.golden", "composer.lock"));
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by["guzzlehttp/guzzle"]?.direct, true);
    assert.equal(by["guzzlehttp/psr7"]?.direct, false);
  });

  it("packages-dev are dev", () => {
    const path = join(langFixtures, "php/trivy-with-dev/composer.lock");
    const r = parseComposerLock(readFileSync(path), path);
    const doc = JSON.parse(readFileSync(path, "utf8")) as { "packages-dev": { name: string }[] };
    const devNames = doc["packages-dev"].map((p) => p.name).sort();
    assert.ok(devNames.length > 0);
    assert.deepEqual(r.packages.filter((p) => p.dev).map((p) => p.name).sort(), devNames);
    const syft = parseComposerLock(readFileSync(join(langFixtures, "php/composer.lock")), "/composer.lock");
    assert.ok(syft.packages.length > 0 && syft.warnings.length === 0);
  });

  it("malformed JSON warns with the file name", () => {
    const r = parseComposerLock(Buffer.from("{ nope"), "/srv/composer.lock");
    assert.match(r.warnings[0] ?? "", /\/srv\/composer\.lock/);
  });
});
