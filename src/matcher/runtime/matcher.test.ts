import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fixturesDir } from "../../../test/helpers/images.js";
import { runtimePackage } from "../../analyzer/runtime/types.js";
import { extractFromLayout, selectLayers, writeArtifactLayout } from "../../db/artifact.js";
import { buildDatabase } from "../../db/build.js";
import { openAdvisoryStore, type AdvisoryStore } from "../../db/store.js";
import type { Inventory } from "../../model/inventory.js";
import type { Package } from "../../model/package.js";
import { coverageOf, coverageWarning } from "../../scan/coverage.js";
import { matchInventory } from "../../scan/match.js";
import { silentLogger } from "../../util/log.js";
import { findingsFor } from "../findings.js";
import { matchers } from "../registry.js";
import { genericPurlName, runtimeMatcher, runtimeMatcherOf } from "./matcher.js";

// The real NVD API 2.0 sample: oracle:mysql (8.0 ≤ v ≤ 8.0.34, and 8.1.0), automattic:activitypub (< 1.0.0).
const nvdDir = join(fixturesDir, "feeds/format-samples/nvd");
interface Metric { type: string; cvssData: { vectorString: string; baseScore: number; baseSeverity: string } }
const nvdCve = (id: string): { metrics: { cvssMetricV31?: Metric[] } } => {
  const page = JSON.parse(readFileSync(join(nvdDir, "full-page.json"), "utf8")) as { vulnerabilities: { cve: { id: string; metrics: { cvssMetricV31?: Metric[] } } }[] };
  return page.vulnerabilities.find((v) => v.cve.id === id)!.cve;
};

// Test-only names for products of the sample (no runtime of the default table has NVD data there).
const matcher = runtimeMatcherOf({ mysql: ["oracle:mysql"], activitypub: ["automattic:activitypub"] });
const tmp = mkdtempSync(join(tmpdir(), "dredge-runtime-cpe-"));
const dbFile = join(tmp, "nvd.db");
let store: AdvisoryStore;

before(async () => {
  await buildDatabase({ output: dbFile, logger: silentLogger, sources: [{ name: "nvd", location: nvdDir }] });
  store = openAdvisoryStore(dbFile);
});
after(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function scan(name: string, version: string): { ids: string[]; findings: ReturnType<typeof findingsFor>; warnings: string[] } {
  const warnings: string[] = [];
  const pkg = runtimePackage(name, version, `/usr/sbin/${name}`);
  assert.ok(matcher.handles(pkg, undefined));
  const findings = findingsFor(matcher.match(pkg, { store, warn: (w) => warnings.push(w) }), store);
  return { ids: findings.map((f) => f.id).sort(), findings, warnings };
}

describe("the cpe namespace of a database built from the real NVD sample", () => {
  it("lookup by vendor:product returns NVD's rows", () => {
    assert.ok(store.namespaces().includes("cpe"));
    const rows = store.lookup("cpe", "oracle:mysql");
    assert.deepEqual(rows.map((r) => [r.vulnerabilityId, r.source, r.status, r.versions]), [["CVE-2023-22068", "nvd", "affected", ["8.1.0"]]]);
    assert.deepEqual(rows[0]?.ranges[0]?.events, [{ introduced: "8.0" }, { last_affected: "8.0.34" }]);
    const activitypub = store.lookup("cpe", "automattic:activitypub");
    assert.deepEqual(activitypub.map((r) => r.vulnerabilityId).sort(), ["CVE-2023-3706", "CVE-2023-3707", "CVE-2023-3746"]);
    assert.ok(activitypub.every((r) => r.status === "fixed" && r.fixedVersions.join() === "1.0.0"));
    assert.deepEqual(store.lookup("cpe", "microsoft:windows"), []); // a platform (part o, vulnerable: false)
  });

  it("is a shard of its own: a client wanting cpe pulls common + cpe and sees the same rows", async () => {
    const layout = join(tmp, "layout");
    mkdirSync(layout);
    const manifest = await writeArtifactLayout(dbFile, layout, "2026-11-27T00:00:00Z");
    assert.deepEqual(selectLayers(manifest, ["cpe"]).map((l) => [l.annotations?.["dev.dredge.db.shard"], l.annotations?.["dev.dredge.db.namespaces"] ?? ""]), [["common", ""], ["cpe", "cpe"]]);
    const part = openAdvisoryStore(await extractFromLayout(layout, ["cpe"], join(tmp, "pulled")));
    try {
      assert.deepEqual(part.lookup("cpe", "oracle:mysql"), store.lookup("cpe", "oracle:mysql"));
    } finally {
      part.close();
    }
  });
});

describe("runtime matcher", () => {
  it("finds the CVE inside NVD's range and its exact version, not above it, with NVD's severity and CVSS", () => {
    for (const v of ["8.0", "8.0.28", "8.0.34", "8.1.0"]) assert.deepEqual(scan("mysql", v).ids, ["CVE-2023-22068"], v);
    for (const v of ["5.7.44", "8.0.35", "8.2.0"]) assert.deepEqual(scan("mysql", v).ids, [], v);
    const [f] = scan("mysql", "8.0.34").findings;
    const nvd = nvdCve("CVE-2023-22068").metrics.cvssMetricV31![0]!.cvssData;
    assert.equal(f?.severity, nvd.baseSeverity);
    assert.equal(f?.severitySource, "nvd");
    assert.deepEqual(f?.cvss.map((c) => [c.vector, c.baseScore]), [[nvd.vectorString, nvd.baseScore]]);
    assert.equal(f?.status, "affected");
    assert.deepEqual(f?.fixedVersions, []);
    assert.equal(f?.dataSource?.name, "nvd (cpe)");
  });

  it("below NVD's excluded end: fixed, with the fixed version; at it: nothing", () => {
    const below = scan("activitypub", "0.17.0");
    assert.deepEqual(below.ids, ["CVE-2023-3706", "CVE-2023-3707", "CVE-2023-3746"]);
    assert.ok(below.findings.every((f) => f.status === "fixed" && f.fixedVersions.join() === "1.0.0"));
    assert.deepEqual(scan("activitypub", "1.0.0").ids, []);
    assert.deepEqual(below.warnings, []);
  });

  it("handles pkg:generic runtimes of its table only", () => {
    assert.equal(genericPurlName("pkg:generic/node@20.11.1"), "node");
    assert.equal(genericPurlName("pkg:generic/my%20tool@1"), "my tool");
    assert.equal(genericPurlName("pkg:generic/acme/node@1"), undefined);
    assert.equal(genericPurlName("pkg:npm/node@1"), undefined);
    const node = runtimePackage("node", "20.11.1", "/usr/local/bin/node");
    assert.ok(runtimeMatcher.handles(node, undefined));
    assert.ok(matchers.includes(runtimeMatcher));
    assert.equal(runtimeMatcher.handles({ ...node, purl: "pkg:npm/node@20.11.1", type: "npm" }, undefined), false);
    assert.equal(matcher.handles(node, undefined), false);
  });

  it("a database without the cpe namespace: no findings, and the scan's coverage names the runtimes not checked", async () => {
    const kevOnly = join(tmp, "kev.db");
    await buildDatabase({ output: kevOnly, logger: silentLogger, sources: [{ name: "kev", location: join(fixturesDir, "feeds/cisa-kev/known_exploited_vulnerabilities.json") }] });
    const s = openAdvisoryStore(kevOnly);
    try {
      const packages: Package[] = [runtimePackage("node", "20.11.1", "/usr/local/bin/node"), runtimePackage("python", "3.12.1", "/usr/local/include/python3.12/patchlevel.h")];
      const inv: Inventory = { target: { name: "t", source: "rootfs", repoTags: [], repoDigests: [] }, packages, layers: [], warnings: [] };
      const warnings: string[] = [];
      assert.deepEqual(matchInventory(inv, s, (w) => warnings.push(w)), []);
      assert.deepEqual(warnings, []);
      const coverage = (st: AdvisoryStore) => coverageOf(inv, { namespaces: new Set(st.namespaces()), selection: "all" }, ["os", "library"]);
      const [gap] = coverage(s);
      assert.deepEqual(gap, { kind: "runtime", name: "runtimes", namespaces: ["cpe"], packages: 2, checked: false, reason: "the vulnerability database has no data for cpe (NVD's CPE rows: build with the nvd source)" });
      assert.equal(coverageWarning(gap!, undefined), "not checked for vulnerabilities: 2 runtimes: the vulnerability database has no data for cpe (NVD's CPE rows: build with the nvd source)");
      assert.deepEqual(coverage(store).map((c) => [c.name, c.checked]), [["runtimes", true]]);
    } finally {
      s.close();
    }
  });
});
