import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { trivyGoldens, trivyInputs } from "../testing.js";
import { parseGoMod } from "./go-mod.js";

function goldenVulnerable(target: string): string[] {
  const doc = JSON.parse(readFileSync(join(trivyGoldens, "gomod.json.golden"), "utf8")) as {
    Results: { Target: string; Vulnerabilities?: { PkgName: string; InstalledVersion: string }[] }[];
  };
  return (doc.Results.find((r) => r.Target === target)?.Vulnerabilities ?? []).map((v) => `${v.PkgName}@${v.InstalledVersion}`);
}

describe("go.mod", () => {
  for (const target of ["go.mod", "submod/go.mod"]) {
    it(`${target}: every package trivy found vulnerable is reported at that version`, () => {
      const r = parseGoMod(readFileSync(join(trivyInputs, "gomod", target)), `/${target}`);
      const ours = new Set(r.packages.map((p) => `${p.name}@${p.version}`));
      const vulnerable = goldenVulnerable(target);
      assert.ok(vulnerable.length > 0);
      for (const v of vulnerable) assert.ok(ours.has(v), v);
      assert.equal(r.warnings.length, 0);
    });
  }

  it("direct/indirect, purl, the toolchain's own go.mod", () => {
    const r = parseGoMod(readFileSync(join(trivyInputs, "gomod/go.mod")), "/go.mod");
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by["github.com/open-policy-agent/opa"]?.direct, true);
    assert.equal(by["golang.org/x/text"]?.direct, false);
    assert.equal(by["github.com/docker/distribution"]?.purl, "pkg:golang/github.com/docker/distribution@v2.7.1+incompatible");
    assert.equal(r.packages.length, 18);
  });

  it("replace and exclude", () => {
    const text = [
      "module example.com/app",
      "go 1.21",
      "require (",
      "\tgithub.com/a/b v1.0.0",
      "\tgithub.com/c/d v1.2.0 // indirect",
      "\tgithub.com/e/f v0.1.0",
      "\tgithub.com/g/h v0.2.0",
      ")",
      "require github.com/single/line v3.0.0+incompatible",
      "replace github.com/a/b => github.com/fork/b v1.0.1",
      "replace github.com/e/f v0.1.0 => ../local/f",
      "exclude github.com/g/h v0.2.0",
    ].join("\n");
    const r = parseGoMod(Buffer.from(text), "/go.mod");
    assert.deepEqual(r.packages.map((p) => `${p.name}@${p.version}:${p.direct}`), [
      "github.com/fork/b@v1.0.1:true",
      "github.com/c/d@v1.2.0:false",
      "github.com/e/f@v0.1.0:true",
      "github.com/single/line@v3.0.0+incompatible:true",
    ]);
    // The local replacement is the module at its required version, marked as a local directory (never matched).
    assert.equal(r.packages.find((p) => p.name === "github.com/e/f")?.purl, "pkg:golang/github.com/e/f@v0.1.0?download_url=file%3A..%2Flocal%2Ff");
  });
});
