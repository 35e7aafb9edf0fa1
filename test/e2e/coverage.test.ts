/**
 * No silent gaps (issue #13, point 19): an empty directory says "nothing to scan" instead of a bare
 * "No findings".
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/build.js";
import type { ScanReport } from "../../src/model/finding.js";
import { silentLogger } from "../../src/util/log.js";
import { runCli, type CliResult } from "../helpers/cli.js";
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
