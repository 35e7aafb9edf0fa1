/**
 * Dev-only lockfile packages end to end (`dredge fs`): listed in SBOMs with the dev property, their findings
 * neither shown nor counted for --exit-code unless --include-dev-deps; a git dependency named like a vulnerable
 * registry package is never matched. Trivy's fixture database has CVE-2019-11358 for jquery 3.3.9.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import type { ScanReport } from "../../src/model/finding.js";
import { writeFixtureDatabase } from "../trivy-golden/fixture-feed.js";
import { fixtureDbDir } from "../trivy-golden/golden.js";

let tmp = "";
let db = "";
let project = "";

const lock = (deps: Record<string, unknown>) => ({ name: "app", version: "1.0.0", lockfileVersion: 3, packages: deps });

before(() => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-dev-deps-"));
  db = join(tmp, "db.sqlite");
  writeFixtureDatabase(fixtureDbDir, db, new Date().toISOString());
  project = join(tmp, "app");
  mkdirSync(project);
  const packages = {
    "": { name: "app", version: "1.0.0", dependencies: { jq: "github:someone/jquery" }, devDependencies: { jquery: "3.3.9" } },
    "node_modules/jquery": { version: "3.3.9", dev: true },
    "node_modules/jq": { name: "jquery", version: "3.3.9", resolved: "git+ssh://git@github.com/someone/jquery.git#0123456789abcdef0123456789abcdef01234567" },
  };
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock(packages)));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const scan = async (...extra: string[]) => {
  const r = await runCli(["fs", project, "--db", db, "--cache-dir", join(tmp, "cache"), "--exit-code", "3", ...extra]);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
};

describe("dev-only dependencies", () => {
  it("are hidden and not counted by default; the git copy named jquery is never matched", async () => {
    const r = await scan("--format", "json", "--list-all-pkgs");
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as ScanReport;
    assert.deepEqual(report.targets.flatMap((t) => t.vulnerabilities), []);
    const listed = report.targets.flatMap((t) => t.packages ?? []);
    assert.deepEqual(listed.map((p) => [p.purl, p.dev ?? false]).sort(), [
      ["pkg:npm/jquery@3.3.9", true],
      ["pkg:npm/jquery@3.3.9?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Fsomeone%2Fjquery.git%400123456789abcdef0123456789abcdef01234567", false],
    ]);
  });

  it("--include-dev-deps shows and counts them, marked dev", async () => {
    const r = await scan("--format", "json", "--include-dev-deps");
    assert.equal(r.code, 3, r.stderr);
    const vulns = (JSON.parse(r.stdout) as ScanReport).targets.flatMap((t) => t.vulnerabilities);
    assert.deepEqual(vulns.map((v) => [v.id, v.package.purl, v.package.dev]), [["CVE-2019-11358", "pkg:npm/jquery@3.3.9", true]]);
  });

  it("CycloneDX lists the dev package with dredge:package:dev", async () => {
    const r = await scan("--format", "cyclonedx");
    const bom = JSON.parse(r.stdout) as { components: { purl: string; properties?: { name: string; value: string }[] }[]; vulnerabilities?: unknown[] };
    const jquery = bom.components.find((c) => c.purl === "pkg:npm/jquery@3.3.9");
    assert.ok(jquery?.properties?.some((p) => p.name === "dredge:package:dev" && p.value === "true"));
    assert.deepEqual(bom.vulnerabilities ?? [], []);
  });
});
