import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { ReportPackage, ScanReport, Severity, VulnerabilityFinding } from "../model/finding.js";
import { schemaErrors, schemaValidator } from "../report/testing.js";
import { compareSides, severitiesAtOrAbove } from "./compare.js";
import { renderDiff } from "./render/index.js";
import { MAX_ROWS } from "./render/common.js";
import { readDredgeReport } from "./report-input.js";
import { sideFromReport } from "./side.js";
import type { ImageDiff } from "./types.js";

const pkg = (type: string, name: string, version: string, ns?: string): ReportPackage => ({
  type: type as ReportPackage["type"], name, version, class: type === "deb" ? "os" : "library",
  purl: `pkg:${type}/${ns ? `${encodeURIComponent(ns)}/` : ""}${encodeURIComponent(name)}@${version}`,
});

const vuln = (id: string, p: ReportPackage, severity: Severity, extra: Partial<VulnerabilityFinding> = {}): VulnerabilityFinding => ({
  id, aliases: [], package: p, installedVersion: p.version, fixedVersions: ["99"], status: "fixed", severity, cvss: [], cwes: [], references: [], ...extra,
});

function report(packages: ReportPackage[] | undefined, vulns: VulnerabilityFinding[], policy?: "GO" | "STOP"): ScanReport {
  return {
    schemaVersion: 1, createdAt: "2026-01-01T00:00:00Z", tool: { name: "dredge", version: "0" },
    artifact: { name: "img", type: "container_image", repoTags: [], repoDigests: [], layers: [] },
    targets: [{ target: "t", class: "lang-pkgs", type: "npm", ...(packages ? { packages } : {}), vulnerabilities: vulns, misconfigurations: [], secrets: [], licenses: [] }],
    ...(policy ? { policy: { finalAction: policy } as ScanReport["policy"] } : {}),
    warnings: [],
  };
}

const lodash = pkg("npm", "lodash", "4.17.15");
const lodashNew = pkg("npm", "lodash", "4.17.21");
const left = pkg("npm", "left-pad", "1.0.0");
const requests = pkg("pypi", "requests", "2.25.1");
const bash = pkg("deb", "bash", "5.2", "debian");
const bashUbuntu = pkg("deb", "bash", "5.2", "ubuntu");
const urllib3 = pkg("pypi", "urllib3", "1.26.4");

function sample(): ImageDiff {
  const old = report([lodash, left, requests, bash, pkg("npm", "ms", "1.0.0"), pkg("npm", "ms", "2.0.0")], [
    vuln("CVE-1", lodash, "HIGH"), vuln("CVE-2", lodash, "MEDIUM"), vuln("CVE-3", requests, "LOW"), vuln("CVE-4", left, "CRITICAL", { suppressed: { kind: "ignorefile" } }),
  ], "STOP");
  const next = report([lodashNew, requests, bashUbuntu, urllib3, pkg("npm", "ms", "2.0.0"), pkg("npm", "ms", "1.0.0")], [
    vuln("CVE-2", lodashNew, "MEDIUM"), vuln("CVE-3", requests, "LOW"), vuln("CVE-5", urllib3, "HIGH", { kev: { dateAdded: "2024-01-01" } }), vuln("CVE-6", urllib3, "LOW"),
  ], "GO");
  return compareSides(sideFromReport(old, "old:1", "image"), sideFromReport(next, "new.json", "report"), { gate: ["CRITICAL", "HIGH"], now: new Date(0) });
}

const names = (list: { type: string; name: string; namespace?: string }[]) => list.map((p) => `${p.type}/${p.namespace ? `${p.namespace}/` : ""}${p.name}`);

describe("compareSides", () => {
  const d = sample();

  it("packages: keyed by type + namespace + name, every version of a key together", () => {
    assert.deepEqual(names(d.packages.added), ["deb/ubuntu/bash", "pypi/urllib3"]);
    assert.deepEqual(names(d.packages.removed), ["deb/debian/bash", "npm/left-pad"]);
    assert.deepEqual(d.packages.changed.map((p) => [p.name, p.oldVersions, p.newVersions]), [["lodash", ["4.17.15"], ["4.17.21"]]]);
    // ms 1.0.0 + 2.0.0 on both sides (listed in another order) and requests: unchanged.
    assert.deepEqual(d.summary.packages, { added: 2, removed: 2, changed: 1, unchanged: 2 });
  });

  it("vulnerabilities: keyed by id + package; another version of the same package keeps it; suppressed ones are not there", () => {
    assert.deepEqual(d.vulnerabilities.new.map((v) => `${v.id} ${v.package.name}`), ["CVE-5 urllib3", "CVE-6 urllib3"]);
    assert.deepEqual(d.vulnerabilities.resolved.map((v) => `${v.id} ${v.package.name}`), ["CVE-1 lodash"]);
    assert.equal(d.summary.vulnerabilities.unchanged, 2);
    assert.equal(d.summary.vulnerabilities.newBySeverity.HIGH, 1);
    assert.equal(d.vulnerabilities.new[0]!.kev, true);
  });

  it("the gate counts the new findings of its severities; the policy verdict before and after", () => {
    assert.deepEqual(d.gate, { severities: ["CRITICAL", "HIGH"], newFindings: 1 });
    assert.deepEqual(d.summary.policy, { old: "STOP", new: "GO", changed: true });
  });

  it("a report without a package listing knows the packages of its findings only", () => {
    const side = sideFromReport(report(undefined, [vuln("CVE-1", lodash, "HIGH"), vuln("CVE-9", lodash, "LOW")]), "r.json", "report");
    assert.equal(side.info.packagesListed, false);
    assert.deepEqual([...side.packages.values()].map((p) => p.name), ["lodash"]);
  });

  it("identical sides: no differences", () => {
    const r = report([lodash], [vuln("CVE-1", lodash, "HIGH")]);
    const same = compareSides(sideFromReport(r, "a", "image"), sideFromReport(r, "b", "sbom"));
    assert.equal(same.vulnerabilities.new.length + same.vulnerabilities.resolved.length + same.packages.changed.length, 0);
    assert.match(renderDiff(same, "markdown"), /No differences\./);
    assert.match(renderDiff(same, "table"), /No differences\./);
  });
});

describe("diff writers", () => {
  const d = sample();

  it("json: valid against diff-v1.schema.json", () => {
    assert.deepEqual(schemaErrors(schemaValidator("dredge-diff"), JSON.parse(renderDiff(d, "json"))), []);
    const bad = { ...JSON.parse(renderDiff(d, "json")) as Record<string, unknown>, extra: 1 };
    assert.notDeepEqual(schemaErrors(schemaValidator("dredge-diff"), bad), []);
  });

  it("markdown: counts first, then collapsed lists; the policy change", () => {
    const md = renderDiff(d, "markdown");
    const lines = md.split("\n");
    assert.match(lines[0]!, /^### Dredge diff: `old:1` → `new\.json`$/);
    assert.match(lines[2]!, /^\*\*Vulnerabilities:\*\* 2 new \(🟧 1 high, 🟦 1 low\) · 1 resolved · 2 unchanged<br>$/);
    assert.match(lines[3]!, /^\*\*Packages:\*\* 2 added · 2 removed · 1 changed · 2 unchanged<br>$/);
    assert.match(lines[4]!, /^\*\*Policy:\*\* STOP → GO$/);
    assert.equal(md.match(/<details>/g)?.length, 3);
    assert.equal(md.match(/<\/details>/g)?.length, 3);
    assert.match(md, /\| 🟧 HIGH \(KEV\) \| CVE-5 \| urllib3 \| pypi \| 1\.26\.4 \| 99 \|/);
    assert.match(md, /\| changed \| lodash \| npm \| 4\.17\.15 \| 4\.17\.21 \|/);
  });

  it("markdown and table cap each list at MAX_ROWS rows and say how many more", () => {
    const many = Array.from({ length: MAX_ROWS + 7 }, (_, i) => pkg("npm", `p${String(i).padStart(4, "0")}`, "1.0.0"));
    const big = compareSides(sideFromReport(report([], []), "a", "image"), sideFromReport(report(many, many.map((p) => vuln(`CVE-${p.name}`, p, "LOW"))), "b", "image"));
    const md = renderDiff(big, "markdown");
    assert.equal(md.split("\n").filter((l) => l.startsWith("| 🟦 LOW")).length, MAX_ROWS);
    assert.match(md, /… and 7 more \(see the JSON output\)\./);
    assert.match(renderDiff(big, "table", { width: 120 }), /… and 7 more \(see --format json\)/);
    assert.equal((JSON.parse(renderDiff(big, "json")) as ImageDiff).vulnerabilities.new.length, MAX_ROWS + 7);
  });

  it("table: both sides, counts, a section per list", () => {
    const t = renderDiff(d, "table", { width: 120 });
    assert.match(t, /^OLD: old:1 \(image\)\nNEW: new\.json \(report\)\nVulnerabilities: 2 new \(HIGH: 1, LOW: 1\), 1 resolved, 2 unchanged\nPackages: 2 added, 2 removed, 1 changed, 2 unchanged\nPolicy: STOP → GO\n/);
    for (const h of ["New vulnerabilities (2)", "Resolved vulnerabilities (1)", "Package changes (5)"]) assert.ok(t.includes(h), h);
    assert.ok(!t.includes("\x1b["), "no colour unless asked");
  });
});

describe("readDredgeReport", () => {
  const dir = mkdtempSync(join(tmpdir(), "dredge-diff-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, value: unknown) => {
    const p = join(dir, name);
    writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value));
    return p;
  };

  it("reads a report, and a reports-v1 document of one image", async () => {
    const r = report([lodash], [vuln("CVE-1", lodash, "HIGH")]);
    assert.equal((await readDredgeReport(file("one.json", r))).targets[0]!.vulnerabilities[0]!.id, "CVE-1");
    assert.equal((await readDredgeReport(file("many.json", { schemaVersion: 1, reports: [r] }))).artifact.name, "img");
    await assert.rejects(readDredgeReport(file("two.json", { schemaVersion: 1, reports: [r, r] })), { code: "USAGE", message: /holds 2 images/ });
  });

  it("refuses what is not a Dredge report, naming the file and the field; and files over the limit", async () => {
    await assert.rejects(readDredgeReport(file("trivy.json", { SchemaVersion: 2, Results: [] })), { code: "PARSE_ERROR", message: /trivy\.json is not a Dredge JSON report/ });
    const badSeverity = report([lodash], [vuln("CVE-1", lodash, "HIGH")]);
    (badSeverity.targets[0]!.vulnerabilities[0] as { severity: string }).severity = "SEVERE";
    await assert.rejects(readDredgeReport(file("bad.json", badSeverity)), { code: "PARSE_ERROR", message: /targets\.0\.vulnerabilities\.0\.severity/ });
    await assert.rejects(readDredgeReport(file("broken.json", "{ not json")), { code: "PARSE_ERROR", message: /invalid JSON/ });
    await assert.rejects(readDredgeReport(file("big.json", report([lodash], [])), 10), { code: "LIMIT_EXCEEDED" });
  });
});

describe("severitiesAtOrAbove", () => {
  it("one level: it and those above; a list: as it is", () => {
    assert.deepEqual(severitiesAtOrAbove(["HIGH"]), ["CRITICAL", "HIGH"]);
    assert.deepEqual(severitiesAtOrAbove(["CRITICAL"]), ["CRITICAL"]);
    assert.deepEqual(severitiesAtOrAbove(["LOW", "CRITICAL"]), ["LOW", "CRITICAL"]);
  });
});
