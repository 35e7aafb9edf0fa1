import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { goldenPackages, langFixtures, nameVersions, trivyInputs } from "../testing.js";
import { parseCargoLock } from "./cargo-lock.js";

describe("Cargo.lock", () => {
  it("agrees with trivy's golden, direct dependencies of the root crate", () => {
    const r = parseCargoLock(readFileSync(join(trivyInputs, "cargo/Cargo.lock")), "/Cargo.lock");
    // Trivy also reads Cargo.toml and drops the Windows-only winapi crates (a cfg(windows) dependency);
    // from Cargo.lock alone they are locked packages like the others.
    const golden = goldenPackages("cargo.lock.json.golden", "Cargo.lock");
    const ours = nameVersions(r.packages);
    assert.deepEqual(ours.filter((n) => !n.startsWith("winapi")), golden);
    assert.equal(ours.length - golden.length, 3);
    const rel = Object.fromEntries(r.packages.map((p) => [`${p.name}@${p.version}`, p.direct]));
    assert.equal(rel["memchr@1.0.2"], true);
    assert.equal(rel["memchr@2.7.4"], false);
    assert.equal(rel["regex@1.7.3"], true);
    assert.equal(rel["app@0.1.0"], undefined);
  });

  it("reads the other real lockfiles (trivy-ci-test has the vulnerable ammonia 1.9.0)", () => {
    const ci = parseCargoLock(readFileSync(join(trivyInputs, "trivy-ci-test/Cargo.lock")), "/Cargo.lock");
    assert.ok(ci.packages.some((p) => p.purl === "pkg:cargo/ammonia@1.9.0"));
    for (const rel of ["rust/Cargo.lock", "rust/image-audit/Cargo.lock"]) {
      const r = parseCargoLock(readFileSync(join(langFixtures, rel)), rel);
      const text = readFileSync(join(langFixtures, rel), "utf8");
      assert.equal(r.packages.length, (text.match(/^\[\[package\]\]/gm) ?? []).length, rel);
    }
  });

  it("invalid TOML warns", () => {
    assert.match(parseCargoLock(Buffer.from("[[package]]\nname = = 1\n"), "/x/Cargo.lock").warnings[0] ?? "", /\/x\/Cargo\.lock/);
  });
});
