/**
 * Lockfiles read beside manifests an attacker controls (package.json, Cargo.toml): broken, deeply nested,
 * wrongly typed or prototype-named manifests give warnings and a package list, never an exception.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseYarnLock } from "./npm/yarn-lock.js";
import { parseCargoLock } from "./rust/cargo-lock.js";

const yarnLock = Buffer.from(['debug@^4:', '  version "4.3.4"', '  dependencies:', '    ms "2.1.2"', "", 'ms@2.1.2:', '  version "2.1.2"', ""].join("\n"));
const cargoLock = Buffer.from(['version = 3', "", "[[package]]", 'name = "app"', 'version = "0.1.0"', 'dependencies = ["serde"]', "", "[[package]]", 'name = "serde"', 'version = "1.0.0"', ""].join("\n"));

const hostilePackageJson: Buffer[] = [
  Buffer.from("{ not json"),
  Buffer.from("[]"),
  Buffer.from('"a string"'),
  Buffer.from(`${"[".repeat(50_000)}${"]".repeat(50_000)}`),
  Buffer.from(JSON.stringify({ dependencies: "debug", devDependencies: [1, 2], workspaces: { packages: 7 } })),
  Buffer.from(JSON.stringify({ constructor: {}, __proto__: { devDependencies: { ms: "*" } }, dependencies: { constructor: "1", toString: "2" } })),
  Buffer.from(JSON.stringify({ workspaces: ["../../../*", "**", "packages/*"], devDependencies: { debug: { toString: 1 } } })),
];

const hostileCargoToml: Buffer[] = [
  Buffer.from("[package\nname ="),
  Buffer.from('[dev-dependencies]\nserde = { toString = 1 }\n[workspace]\nmembers = 7\n'),
  Buffer.from(`a = ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`),
  Buffer.from('[target."cfg(unix)".dev-dependencies]\nconstructor = "1"\n__proto__ = "1"\n'),
];

describe("lockfiles beside hostile manifests", () => {
  it("yarn.lock: each broken package.json is a warning or ignored, the lockfile's packages still come out", () => {
    for (const manifest of hostilePackageJson) {
      const siblings = new Map([["package.json", manifest], ["packages/a/package.json", manifest]]);
      const r = parseYarnLock(yarnLock, "/app/yarn.lock", siblings);
      assert.deepEqual(r.packages.map((p) => `${p.name}@${p.version}`).sort(), ["debug@4.3.4", "ms@2.1.2"], manifest.subarray(0, 40).toString());
      for (const w of r.warnings) assert.equal(typeof w, "string");
    }
  });

  it("Cargo.lock: each broken Cargo.toml is a warning or ignored, the lockfile's packages still come out", () => {
    for (const manifest of hostileCargoToml) {
      const r = parseCargoLock(cargoLock, "/app/Cargo.lock", new Map([["Cargo.toml", manifest]]));
      assert.ok(r.packages.some((p) => p.name === "serde" && p.version === "1.0.0"), manifest.subarray(0, 40).toString());
      for (const w of r.warnings) assert.equal(typeof w, "string");
    }
  });
});
