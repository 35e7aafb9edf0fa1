/**
 * Trivy's image goldens through Dredge's matcher: an Inventory rebuilt from each golden's packages and OS
 * (./os-inventory.ts), matchInventory against the converted fixture database; (package, version, id,
 * fixed version, severity, status) must be equal. A second check moves each fixed package to its fixed
 * version: the finding must go away (goldens list only vulnerable packages).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAdvisoryStore, type AdvisoryStore } from "../../src/db/store.js";
import type { VulnerabilityFinding } from "../../src/model/finding.js";
import type { Inventory } from "../../src/model/inventory.js";
import { applyIgnores, parseIgnore } from "../../src/policy/index.js";
import { vulnerabilityAccessor } from "../../src/policy/ignore/accessors.js";
import { filterFindings } from "../../src/scan/filter.js";
import { matchInventory } from "../../src/scan/match.js";
import { writeFixtureDatabase } from "./fixture-feed.js";
import { fixtureDbDir, goldenRows, readGolden, sortedKeys, type Row } from "./golden.js";
import { osCases, type OsCase } from "./os-cases.js";
import { goldenInventory } from "./os-inventory.js";

let tmp = "";
let store: AdvisoryStore;

before(() => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-trivy-os-"));
  const file = join(tmp, "db.sqlite");
  writeFixtureDatabase(fixtureDbDir, file, new Date().toISOString());
  store = openAdvisoryStore(file);
});
after(() => {
  store.close();
  rmSync(tmp, { recursive: true, force: true });
});

function match(inv: Inventory): VulnerabilityFinding[] {
  const warnings: string[] = [];
  const found = matchInventory(inv, store, (m) => warnings.push(m));
  assert.deepEqual(warnings, [], "matching warned");
  return found;
}

function rowsOf(findings: readonly VulnerabilityFinding[], golden: readonly Row[]): Row[] {
  return findings.map((f) => {
    const ids = new Set([f.id, ...f.aliases]);
    const same = golden.find((r) => r.pkg === f.package.name && r.version === f.package.version && ids.has(r.id));
    return {
      target: f.package.class === "os" ? "os-pkgs" : "lang-pkgs",
      pkg: f.package.name, version: f.package.version, id: same?.id ?? f.id,
      fixed: f.fixedVersions.map((v) => v.replace(/^0:/, "")).join(", "),
      severity: f.severity, status: f.status,
    };
  });
}

function expected(c: OsCase): Row[] {
  const g = readGolden(c.golden);
  const classOf = new Map((g.Results ?? []).map((r) => [r.Target, r.Class === "os-pkgs" ? "os-pkgs" : "lang-pkgs"]));
  const rows = goldenRows(g, { withStatus: true }).map((r) => ({ ...r, target: classOf.get(r.target)! }));
  return c.expect ? c.expect(rows) : rows;
}

function check(c: OsCase): void {
  const want = expected(c);
  const inv = goldenInventory(readGolden(c.base ?? c.golden));
  if (c.repository && inv.os) inv.os.repository = c.repository;
  let found = filterFindings(match(inv), c.filter ?? {});
  if (c.ignore) {
    const rules = parseIgnore(`${c.ignore.join("\n")}\n`, ".trivyignore");
    found = applyIgnores(found, rules, new Date(), vulnerabilityAccessor).findings.filter((f) => !f.suppressed);
  }
  assert.deepEqual(sortedKeys(rowsOf(found, want)), sortedKeys(want));
}

/** Each package that has a fixed finding, moved to its (lowest) fixed version: that finding is gone. */
function checkFixedVersions(c: OsCase): void {
  const inv = goldenInventory(readGolden(c.golden));
  if (c.repository && inv.os) inv.os.repository = c.repository;
  const withFix = match(inv).filter((x) => x.fixedVersions.length > 0);
  assert.equal(withFix.length > 0, expected(c).some((r) => r.fixed !== ""), "findings with a fixed version");
  for (const f of withFix) {
    const fixed = f.fixedVersions[0]!;
    const pkg = inv.packages.find((p) => p.name === f.package.name && p.purl === f.package.purl)!;
    const moved = { ...pkg, ...versionFields(pkg.type, fixed), ...(pkg.source ? { source: { ...pkg.source, version: fixed } } : {}) };
    const again = match({ ...inv, packages: [moved] }).filter((x) => x.id === f.id);
    assert.deepEqual(again.map((x) => `${x.package.name}@${x.package.version} ${x.id}`), [], `${f.package.name} at ${fixed}`);
  }
}

function versionFields(type: string, v: string): { version: string; release?: string; epoch?: number } {
  if (type !== "rpm") return { version: v };
  const m = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(v)!;
  return { version: m[2]!, release: m[3]!, ...(m[1] && m[1] !== "0" ? { epoch: Number(m[1]) } : { epoch: undefined }) };
}

describe("Trivy goldens: OS images through the matcher", () => {
  for (const c of osCases) {
    if (c.skip) {
      it(c.golden, { skip: c.skip }, () => {});
      continue;
    }
    it(c.golden, c.todo ? { todo: c.todo } : {}, () => check(c));
    if (!c.base && !c.todo) it(`${c.golden}: at the fixed version the finding is gone`, () => checkFixedVersions(c));
  }
});
