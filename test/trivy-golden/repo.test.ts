/**
 * Dredge's scan against Trivy's golden reports, end to end: Trivy's fixture database converted by
 * ./fixture-feed.ts, the goldens' own inputs (lockfiles, SBOMs), the real CLI in-process; the set of
 * (target, package, installed version, vulnerability id, fixed version, severity) must be equal.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { runCli } from "../helpers/cli.js";
import type { ScanReport, ScanTarget } from "../../src/model/finding.js";
import { cases, type GoldenCase } from "./cases.js";
import { writeFixtureDatabase } from "./fixture-feed.js";
import { fixtureDbDir, findingRows, goldenRows, readGolden, repoInputsDir, sbomInputsDir, sortedKeys, type Row } from "./golden.js";

let tmp = "";
let dbFile = "";

before(() => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-trivy-golden-"));
  dbFile = join(tmp, "db.sqlite");
  writeFixtureDatabase(fixtureDbDir, dbFile, new Date().toISOString());
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function inputPath(c: GoldenCase): string {
  if (c.kind === "sbom") return join(sbomInputsDir, c.input);
  if (!c.stage) return join(repoInputsDir, c.input);
  const dir = mkdtempSync(join(tmp, `${c.input}-`));
  for (const [to, from] of Object.entries(c.stage)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(join(repoInputsDir, c.input, from), join(dir, to));
  }
  return dir;
}

/** OS results are compared as "os" (Trivy and Dredge name the image differently); files by relative path. */
const dredgeTarget = (t: ScanTarget): string => (t.class === "os-pkgs" ? "os" : t.target.replace(/^\//, ""));

async function scan(c: GoldenCase): Promise<ScanReport> {
  const cmd = c.kind === "sbom" ? "image" : "fs";
  const r = await runCli([cmd, inputPath(c), "--format", "json", "--db", dbFile, "--cache-dir", join(tmp, "cache"), ...(c.args ?? [])]);
  assert.equal(r.code, 0, `dredge ${cmd} ${c.input} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ScanReport;
}

function expectedRows(c: GoldenCase): Row[] {
  const golden = readGolden(c.golden);
  const osTargets = new Set((golden.Results ?? []).filter((x) => x.Class === "os-pkgs").map((x) => x.Target));
  const rows = goldenRows(golden).map((r) => ({ ...r, target: osTargets.has(r.target) ? "os" : (c.target?.(r.target) ?? r.target) }));
  return c.expect ? c.expect(rows) : rows;
}

async function compare(c: GoldenCase, keep: (r: Row) => boolean): Promise<void> {
  const expected = expectedRows(c).filter(keep);
  const report = await scan(c);
  const actual = report.targets.flatMap((t) => findingRows(dredgeTarget(t), t.vulnerabilities, expected)).filter(keep);
  assert.deepEqual(sortedKeys(actual), sortedKeys(expected));
}

describe("Trivy goldens: repositories, filesystems and SBOMs", () => {
  for (const c of cases) {
    const name = `${c.golden} ← ${c.kind === "sbom" ? "sbom-inputs" : "repo-inputs"}/${c.input}`;
    if (c.skip) {
      it(name, { skip: c.skip }, () => {});
      continue;
    }
    const gaps = c.gaps;
    it(name, c.todo ? { todo: c.todo } : {}, async () => {
      await compare(c, (r) => !gaps?.row(r));
    });
    if (gaps) it(`${name}: ${gaps.reason}`, { todo: gaps.reason }, async () => compare(c, gaps.row));
  }
});
