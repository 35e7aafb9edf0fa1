/**
 * No silent gaps (issue #13, points 4 and 19): what the database has no data for — a distro release it
 * lacks, a distro Dredge has no feed for, an ecosystem — is named in a warning and carried as `coverage` in
 * JSON, SARIF and CycloneDX; an end-of-life OS warns for an SBOM as for an image; an empty directory says
 * "nothing to scan" instead of a bare "No findings".
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/build.js";
import type { CoverageEntry } from "../../src/model/coverage.js";
import type { ScanReport } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { silentLogger } from "../../src/util/log.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { ghsaDir } from "../scan/fixture-db.js";

const work = mkdtempSync(join(tmpdir(), "dredge-coverage-"));
const db = join(work, "ghsa.db");
const project = join(work, "project");
const empty = join(work, "empty");
const common = ["--db", db, "--cache-dir", join(work, "cache")];

before(async () => {
  // GitHub advisories only: npm, Maven, RubyGems… — no PyPI, no distro.
  await buildDatabase({ output: db, logger: silentLogger, sources: [{ name: "osv", location: ghsaDir }] });
  mkdirSync(project);
  writeFileSync(join(project, "requirements.txt"), "requests==2.31.0\nurllib3==2.0.6\n");
  const lock = { name: "p", lockfileVersion: 3, packages: { "": { name: "p" }, "node_modules/lodash": { version: "4.17.20" } } };
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock));
  mkdirSync(empty);
});
after(() => rmSync(work, { recursive: true, force: true }));

async function scan(...args: string[]): Promise<CliResult> {
  const r = await runCli([...args, ...common]);
  assert.equal(r.code, 0, r.stderr);
  return r;
}
const json = async (...args: string[]): Promise<{ r: CliResult; report: ScanReport }> => {
  const r = await scan(...args, "--format", "json");
  return { r, report: JSON.parse(r.stdout) as ScanReport };
};
const gaps = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("warning: not checked for vulnerabilities:"));
const row = (c: CoverageEntry) => [c.kind, c.name, c.namespaces.join(","), c.packages, c.checked];

/** A CycloneDX SBOM of one OS with one rpm. */
function osSbom(file: string, name: string, version: string, purl: string): string {
  const bom = {
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    components: [
      { type: "operating-system", name, version },
      { type: "library", name: purl.replace(/^pkg:rpm\/[^/]+\/([^@]+)@.*$/, "$1"), purl },
    ],
  };
  writeFileSync(file, JSON.stringify(bom));
  return file;
}

describe("coverage: what the database could not check is named", () => {
  it("fs: an ecosystem the database lacks is a warning naming it; json coverage lists both, valid against the schema", async () => {
    const { r, report } = await json("fs", project);
    assert.deepEqual(report.coverage?.map(row), [["ecosystem", "npm", "npm", 1, true], ["ecosystem", "pypi", "pypi", 2, false]]);
    assert.equal(report.coverage?.[1]?.reason, "the vulnerability database has no data for pypi");
    const line = "not checked for vulnerabilities: 2 pypi packages: the vulnerability database has no data for pypi";
    assert.deepEqual(gaps(r.stderr), [`warning: ${line}`]);
    assert.ok(report.warnings.includes(line));
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), report), []);
    assert.ok(Object.keys(report).indexOf("coverage") === Object.keys(report).indexOf("database") + 1, "coverage follows database");
  });

  it("the default table shows the warning", async () => {
    const r = await scan("fs", project);
    assert.match(r.stdout, /WARN not checked for vulnerabilities: 2 pypi packages/);
  });

  it("a distro release the database lacks (Rocky 9): warning, and SARIF run properties and CycloneDX metadata properties carry it", async () => {
    const image = testImages().rpmDockerArchive;
    const { r, report } = await json("image", image);
    const rocky = report.coverage?.find((c) => c.kind === "os");
    assert.deepEqual(rocky && row(rocky), ["os", "rocky 9.0", "rocky:9", testImages().expected["rocky9-rpm"].rpm.length, false]);
    assert.match(gaps(r.stderr)[0] ?? "", /^warning: not checked for vulnerabilities: \d+ packages? of Rocky Linux 9\.0.*: the vulnerability database has no data for rocky:9$/);

    const sarif = JSON.parse((await scan("image", image, "--format", "sarif")).stdout) as { runs: { properties: { coverage?: CoverageEntry[] } }[] };
    assert.deepEqual(sarif.runs[0]!.properties.coverage, report.coverage);

    const bom = JSON.parse((await scan("image", image, "--format", "cyclonedx")).stdout) as { metadata: { properties?: { name: string; value: string }[] } };
    const props = (bom.metadata.properties ?? []).filter((p) => p.name.startsWith("dredge:coverage:"));
    assert.deepEqual(props, [
      { name: "dredge:coverage:unchecked", value: "os:rocky 9.0" },
      { name: "dredge:coverage:gap", value: "os:rocky 9.0: the vulnerability database has no data for rocky:9" },
    ]);
  });

  it("SBOM targets: CentOS 7 gets the end-of-life warning and its gap; Amazon Linux 2 has a matcher but no data here; Mageia has no matcher", async () => {
    const centos = osSbom(join(work, "centos7.cdx.json"), "centos", "7", "pkg:rpm/centos/bash@4.2.46-35.el7_9?arch=x86_64&distro=centos-7");
    const c = await json("image", centos);
    assert.equal(c.report.artifact.os?.eol, true);
    assert.match(c.r.stderr, /^warning: centos 7 reached its end of life on \d{4}-\d{2}-\d{2}: its vendor no longer publishes all advisories/m);
    assert.deepEqual(c.report.coverage?.map(row), [["os", "centos 7", "redhat:7", 1, false]]);

    const amazon = osSbom(join(work, "amzn2.cdx.json"), "amzn", "2", "pkg:rpm/amazon/bash@4.2.46-34.amzn2?arch=x86_64&distro=amzn-2");
    const a = await json("image", amazon);
    assert.deepEqual(a.report.coverage?.map(row), [["os", "amazon 2", "amazon:2", 1, false]]);
    assert.equal(a.report.coverage?.[0]?.reason, "the vulnerability database has no data for amazon:2");

    const mageia = osSbom(join(work, "mageia9.cdx.json"), "mageia", "9", "pkg:rpm/mageia/bash@5.2.15-1.mga9?arch=x86_64&distro=mageia-9");
    const m = await json("image", mageia);
    assert.deepEqual(m.report.coverage, [{ kind: "os", name: "mageia 9", namespaces: [], packages: 1, checked: false, reason: "Dredge has no vulnerability data for mageia" }]);
    assert.deepEqual(gaps(m.r.stderr), ["warning: not checked for vulnerabilities: 1 package of mageia 9: Dredge has no vulnerability data for mageia"]);
  });

  it("--pkg-types os leaves the language ecosystems out of the coverage (they were not asked for)", async () => {
    const { r, report } = await json("fs", project, "--pkg-types", "os");
    assert.deepEqual(report.coverage, []);
    assert.deepEqual(gaps(r.stderr), []);
  });
});

describe("nothing to scan", () => {
  const line = (dir: string) => `nothing to scan in ${dir}: no package manifests, lockfiles or OS package databases were found`;

  for (const kind of ["fs", "rootfs"]) {
    it(`${kind} on an empty directory: a warning in the report and on stderr, exit code unchanged`, async () => {
      const { r, report } = await json(kind, empty, "--exit-code", "3");
      assert.ok(report.warnings.includes(line(empty)), report.warnings.join("\n"));
      assert.match(r.stderr, new RegExp(`^warning: ${line(empty).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`, "m"));
      const table = await scan(kind, empty);
      assert.match(table.stdout, /WARN nothing to scan in /);
    });
  }

  it("a directory with a lockfile has something to scan", async () => {
    const { report } = await json("fs", project);
    assert.ok(!report.warnings.some((w) => w.startsWith("nothing to scan")));
  });
});
