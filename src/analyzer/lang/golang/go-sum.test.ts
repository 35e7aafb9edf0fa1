import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, runAnalyzer, trivyGoldens, trivyInputs } from "../testing.js";
import { goModAnalyzer } from "./analyzer.js";
import { parseGoMod } from "./go-mod.js";
import { highestGoVersion, parseGoSum } from "./go-sum.js";

const gomod = join(trivyInputs, "gomod");
const read = (rel: string): Buffer => readFileSync(join(gomod, rel));
const keys = (pkgs: readonly { name: string; version: string; direct?: boolean }[]): string[] =>
  pkgs.map((p) => `${p.name}@${p.version}:${p.direct}`).sort();

function goldenVulnerable(target: string): string[] {
  const doc = JSON.parse(readFileSync(join(trivyGoldens, "gomod.json.golden"), "utf8")) as {
    Results: { Target: string; Vulnerabilities?: { PkgName: string; InstalledVersion: string }[] }[];
  };
  return (doc.Results.find((r) => r.Target === target)?.Vulnerabilities ?? []).map((v) => `${v.PkgName}@${v.InstalledVersion}`);
}

describe("go.sum beside a go.mod older than Go 1.17", () => {
  it("submod2 (go 1.15): the modules trivy found vulnerable come from go.sum, as indirect", () => {
    const alone = parseGoMod(read("submod2/go.mod"), "/submod2/go.mod");
    const r = parseGoMod(read("submod2/go.mod"), "/submod2/go.mod", { content: read("submod2/go.sum"), path: "/submod2/go.sum" });
    assert.deepEqual(r.warnings, []);
    const ours = new Set(r.packages.map((p) => `${p.name}@${p.version}`));
    const vulnerable = goldenVulnerable("submod2/go.mod");
    assert.ok(vulnerable.length > 0);
    for (const v of vulnerable) assert.ok(ours.has(v) && !alone.packages.some((p) => `${p.name}@${p.version}` === v), v);
    assert.deepEqual(keys(r.packages), [
      "github.com/davecgh/go-spew@v1.1.0:true",
      // three versions in go.sum, only v2.7.1+incompatible with a content hash
      "github.com/docker/distribution@v2.7.1+incompatible:false",
      "github.com/pmezard/go-difflib@v1.0.0:false",
      "github.com/stretchr/testify@v1.7.0:false",
      "gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405:false",
      "gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c:false",
    ]); // github.com/stretchr/objx has only a /go.mod line: never built
    for (const p of r.packages) assert.deepEqual(p.locations, [{ path: "/submod2/go.mod" }]);
  });

  it("submod (go 1.15): a module go.mod requires keeps go.mod's entry; root (go 1.17): go.sum is not read", () => {
    const sub = parseGoMod(read("submod/go.mod"), "/submod/go.mod", { content: read("submod/go.sum"), path: "/submod/go.sum" });
    const dist = sub.packages.filter((p) => p.name === "github.com/docker/distribution");
    assert.deepEqual(keys(dist), ["github.com/docker/distribution@v2.7.1+incompatible:true"]);
    assert.ok(sub.packages.some((p) => p.name === "github.com/stretchr/testify" && p.direct === false));
    const root = parseGoMod(read("go.mod"), "/go.mod", { content: read("go.sum"), path: "/go.sum" });
    assert.deepEqual(keys(root.packages), keys(parseGoMod(read("go.mod"), "/go.mod").packages));
  });

  it("the analyzer pairs each go.mod with the go.sum of its own directory", async () => {
    const files = collect(goModAnalyzer, gomod);
    assert.deepEqual(files.map((f) => f.path).sort(), ["/go.mod", "/go.sum", "/submod/go.mod", "/submod/go.sum", "/submod2/go.mod", "/submod2/go.sum"]);
    const { result, warnings } = await runAnalyzer(goModAnalyzer, files);
    assert.deepEqual(warnings, []);
    const sets = Object.fromEntries((result.packageSets ?? []).map((s) => [s.path, s.packages]));
    assert.deepEqual(Object.keys(sets).sort(), ["/go.mod", "/submod/go.mod", "/submod2/go.mod"]);
    assert.equal(sets["/submod2/go.mod"]?.length, 6);
    // submod2's go.mod without its go.sum (another directory's go.sum is not used)
    const lone = await runAnalyzer(goModAnalyzer, files.filter((f) => f.path !== "/submod2/go.sum"));
    const s2 = lone.result.packageSets?.find((s) => s.path === "/submod2/go.mod");
    assert.deepEqual(s2?.packages.map((p) => p.name), ["github.com/davecgh/go-spew"]);
  });

  it("highest content version, no go directive, replace, exclude, unreadable lines", () => {
    const mod = [
      "module example.com/app",
      "require github.com/a/b v1.0.0",
      "replace github.com/r/s => github.com/fork/s v1.5.0",
      "replace github.com/l/m => ../m",
      "exclude github.com/x/y v1.3.0",
    ].join("\n");
    const sum = [
      "github.com/x/y v1.2.0 h1:aaa=",
      "github.com/x/y v1.10.0-0.20200101000000-abcdefabcdef h1:bbb=",
      "github.com/x/y v1.3.0 h1:ccc=",
      "github.com/x/y v1.20.0/go.mod h1:ddd=",
      "github.com/a/b v1.4.0 h1:eee=",
      "github.com/r/s v1.1.0 h1:fff=",
      "github.com/l/m v0.1.0 h1:ggg=",
      "example.com/app v0.0.1 h1:hhh=",
      "not a line",
    ].join("\n");
    const r = parseGoMod(Buffer.from(mod), "/go.mod", { content: Buffer.from(sum), path: "/go.sum" });
    assert.deepEqual(keys(r.packages), [
      "github.com/a/b@v1.0.0:true",
      "github.com/fork/s@v1.5.0:false",
      "github.com/l/m@v0.1.0:false",
      "github.com/x/y@v1.10.0-0.20200101000000-abcdefabcdef:false",
    ]);
    assert.match(r.packages.find((p) => p.name === "github.com/l/m")?.purl ?? "", /\?download_url=file%3A..%2Fm$/);
    assert.deepEqual(r.warnings, ['/go.sum: line 9: unreadable "not a line"']);
    const modern = parseGoMod(Buffer.from(`${mod}\ngo 1.17.0`), "/go.mod", { content: Buffer.from(sum), path: "/go.sum" });
    assert.deepEqual(keys(modern.packages), ["github.com/a/b@v1.0.0:true"]);
  });

  it("parseGoSum keeps content lines; highestGoVersion orders by Go semver", () => {
    const s = parseGoSum(Buffer.from("m/a v1.0.0/go.mod h1:x=\r\nm/a v1.0.0 h1:y=\r\n\r\nm/a v1.0.0 h1:y=\n"), "/go.sum");
    assert.deepEqual([...s.modules], [["m/a", ["v1.0.0"]]]);
    assert.equal(highestGoVersion(["v2.7.1-0.20190205005809-0d3efadf0154+incompatible", "v2.7.1+incompatible", "v0.0.0-20190905152932-14b96e55d84c"]), "v2.7.1+incompatible");
    assert.equal(highestGoVersion([]), undefined);
  });
});

describe("go.sum bad input", () => {
  it("binary garbage: warnings capped with a count, no modules, no throw", () => {
    const junk = Buffer.alloc(64 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    const lines = Array.from({ length: 50 }, (_, i) => `bad line ${i}`).join("\n");
    const r = parseGoSum(Buffer.concat([junk, Buffer.from(`\n${lines}\ngithub.com/a/b v1.0.0 h1:x=\n`)]), "/src/go.sum");
    assert.deepEqual([...r.modules.keys()], ["github.com/a/b"]);
    assert.ok(r.warnings.length <= 11, String(r.warnings.length));
    assert.match(r.warnings.at(-1) ?? "", /^\/src\/go\.sum: \d+ more unreadable lines$/);
  });
});
