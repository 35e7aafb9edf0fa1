import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { goldenPackages, nameVersions, trivyInputs } from "../testing.js";
import { parsePylock } from "./pylock.js";
import { pylockAnalyzer } from "./pylock-analyzer.js";

const input = readFileSync(join(trivyInputs, "pylock/pylock.toml"));
const info = { path: "", type: "file" as const, size: 1, mode: 0o644, uid: 0, gid: 0 };

describe("pylock.toml", () => {
  it("agrees with trivy's golden", () => {
    const r = parsePylock(input, "pylock.toml");
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(nameVersions(r.packages), goldenPackages("pylock.json.golden", "pylock.toml"));
    assert.equal(r.packages.find((p) => p.name === "werkzeug")?.purl, "pkg:pypi/werkzeug@0.11.1");
  });

  it("a package another one depends on is not direct", () => {
    const by = Object.fromEntries(parsePylock(input, "pylock.toml").packages.map((p) => [p.name, p.direct]));
    assert.deepEqual(by, { click: true, colorama: false, werkzeug: true });
  });

  it("packages without a version (directory, VCS) are skipped", () => {
    const text = `${input.toString()}\n[[packages]]\nname = "local-thing"\n[packages.directory]\npath = "."\n`;
    assert.equal(parsePylock(Buffer.from(text), "pylock.toml").packages.length, 3);
  });

  it("bad input gives a warning naming the file", () => {
    for (const bad of ["[[packages]\nname=", 'lock-version = "1.0"', "packages = 3"]) {
      const r = parsePylock(Buffer.from(bad), "/app/pylock.toml");
      assert.equal(r.packages.length, 0);
      assert.ok(r.warnings.length === 1 && r.warnings[0]!.startsWith("/app/pylock.toml: "), bad);
    }
  });

  it("the analyzer wants pylock.toml and named pylock.<name>.toml files", () => {
    for (const p of ["/pylock.toml", "/x/pylock.dev.toml"]) assert.ok(pylockAnalyzer.wants(p, info), p);
    for (const p of ["/pylock.toml.bak", "/notpylock.toml", "/pylock.a.b.toml"]) assert.ok(!pylockAnalyzer.wants(p, info), p);
  });
});
