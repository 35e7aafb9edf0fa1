import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import {
  findingFromOsv,
  lodashAdvisory,
  lodashPkg,
  lodashTemplateAdvisory,
  misconfigFinding,
  renamed,
  requestsAdvisory,
  requestsPkg,
  secretFinding,
} from "../testing.js";
import { misconfigAccessor, secretAccessor, vulnerabilityAccessor } from "./accessors.js";
import { applyIgnores } from "./apply.js";
import { loadIgnoreFile } from "./load.js";
import { applyIgnoresToReport } from "./report.js";

const plainFile = join(import.meta.dirname, "testdata/dredgeignore");
const yamlFile = join(import.meta.dirname, "testdata/dredgeignore.yaml");
const plain = loadIgnoreFile(plainFile);
const yaml = loadIgnoreFile(yamlFile);
const now = new Date("2026-11-27T12:00:00Z");

const requests = findingFromOsv(requestsAdvisory, requestsPkg); // PYSEC-2023-74, aliases CVE-2023-32681, GHSA-j8r2-6x86-q33q
const lodash = findingFromOsv(lodashAdvisory, lodashPkg); // GHSA-p6mc-m468-83gw, alias CVE-2020-8203
const lodashTemplate = findingFromOsv(lodashTemplateAdvisory, lodashPkg); // GHSA-35jh-r3h4-6jhm, alias CVE-2021-23337

const vulns = (fs: VulnerabilityFinding[], rules = plain, at = now) => applyIgnores(fs, rules, at);
const suppressed = (fs: VulnerabilityFinding[], rules = plain, at = now) => vulns(fs, rules, at).findings.map((f) => f.suppressed !== undefined);

describe("applyIgnores: ID and aliases", () => {
  it("the advisory data links the IDs the tests rely on", () => {
    assert.deepEqual([requests.id, ...requests.aliases].sort(), ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"]);
    assert.deepEqual([lodash.id, ...lodash.aliases], ["GHSA-p6mc-m468-83gw", "CVE-2020-8203"]);
  });

  it("a CVE entry suppresses the finding under its own ID and under every alias", () => {
    const asCve = renamed(requests, "CVE-2023-32681");
    const asGhsa = renamed(requests, "GHSA-j8r2-6x86-q33q");
    assert.deepEqual(suppressed([requests, asCve, asGhsa]), [true, true, true]);
  });

  it("does not suppress a finding whose ID and aliases are all different", () => {
    const other = { ...requests, id: "PYSEC-2018-28", aliases: ["CVE-2018-18074", "GHSA-x84v-xcm2-53pg"] };
    assert.deepEqual(suppressed([other]), [false]);
  });

  it("records where the suppression came from, the reason and the expiry", () => {
    const [r, l] = vulns([requests, lodash]).findings;
    assert.deepEqual(r?.suppressed, { kind: "ignorefile", source: `${plainFile}:4`, expires: "2027-01-31" });
    assert.deepEqual(l?.suppressed, { kind: "ignorefile", source: `${plainFile}:7`, reason: "only the frontend bundle" });
  });

  it("treats findings as vulnerabilities when no accessor is given", () => {
    assert.deepEqual(applyIgnores([lodash], yaml, now, vulnerabilityAccessor), applyIgnores([lodash], yaml, now));
  });

  it("does not modify its input and leaves already suppressed findings alone", () => {
    const vexed: VulnerabilityFinding = { ...requests, suppressed: { kind: "vex", source: "doc" } };
    const input = [requests, vexed];
    const out = vulns(input).findings;
    assert.equal(requests.suppressed, undefined);
    assert.equal(out[1], vexed);
  });
});

describe("applyIgnores: scopes", () => {
  it("path: suppresses the copy under the glob, not the one elsewhere", () => {
    const elsewhere = { ...lodash, package: { ...lodashPkg, path: "/opt/tools/node_modules/lodash/package.json" } };
    const noPath = { ...lodash, package: { ...lodashPkg, path: undefined } };
    assert.deepEqual(suppressed([lodash, elsewhere, noPath]), [true, false, false]);
  });

  it("purl: suppresses requests 2.25.1, not requests 2.28.0", () => {
    const newer = { ...requests, package: { ...requestsPkg, version: "2.28.0", purl: "pkg:pypi/requests@2.28.0" } };
    assert.deepEqual(suppressed([requests, newer], yaml), [true, false]);
  });

  it("packages: the lodash entry does not suppress the same advisory for lodash-es in the same tree", () => {
    const es = { ...lodash, package: { ...lodashPkg, name: "lodash-es", purl: "pkg:npm/lodash-es@4.17.15", path: "/srv/app/node_modules/lodash-es/package.json" } };
    assert.deepEqual(suppressed([lodash, es], yaml), [true, false]);
  });

  it("misconfigurations and secrets by rule ID and path; a plain entry applies to every kind", () => {
    const m = applyIgnores([misconfigFinding("AVD-DS-0002", "build/Dockerfile"), misconfigFinding("AVD-DS-0002", "Dockerfile")], yaml, now, misconfigAccessor);
    assert.deepEqual(m.findings.map((f) => f.suppressed?.source), [`${yamlFile}:17`, undefined]);
    const secrets = [secretFinding("aws-access-key-id", "/srv/app/test/fixtures/aws.env"), secretFinding("aws-access-key-id", "/srv/app/config/aws.env")];
    assert.deepEqual(applyIgnores(secrets, yaml, now, secretAccessor).findings.map((f) => !!f.suppressed), [true, false]);
    assert.deepEqual(applyIgnores(secrets, plain, now, secretAccessor).findings.map((f) => !!f.suppressed), [true, false]);
  });

  it("a YAML entry applies only to its own section", () => {
    const sameId = secretFinding("CVE-2023-32681", "/srv/app/x");
    assert.equal(applyIgnores([sameId], yaml, now, secretAccessor).findings[0]?.suppressed, undefined);
    assert.ok(applyIgnores([sameId], plain, now, secretAccessor).findings[0]?.suppressed);
  });
});

describe("applyIgnores: expiry", () => {
  it("suppresses through the last day and not after it, with a warning naming file, line and ID", () => {
    assert.deepEqual(suppressed([requests], plain, new Date("2027-01-31T23:59:59Z")), [true]);
    const after = vulns([requests], plain, new Date("2027-02-01T00:00:00Z"));
    assert.equal(after.findings[0]?.suppressed, undefined);
    assert.deepEqual(after.warnings, [`${plainFile}:4: ignore entry CVE-2023-32681 expired on 2027-01-31; it no longer suppresses findings`]);
  });

  it("an expired YAML entry (Trivy's expired_at) does not suppress and warns once for several findings", () => {
    const r = vulns([lodashTemplate, renamed(lodashTemplate, "CVE-2021-23337")], yaml);
    assert.deepEqual(r.findings.map((f) => !!f.suppressed), [false, false]);
    assert.deepEqual(r.warnings, [`${yamlFile}:13: ignore entry CVE-2021-23337 expired on 2025-03-01; it no longer suppresses findings`]);
  });

  it("an expired entry that matches nothing gives no warning", () => {
    assert.deepEqual(applyIgnores([misconfigFinding("AVD-DS-0001", "Dockerfile")], plain, now, misconfigAccessor).warnings, []);
    assert.match(applyIgnores([misconfigFinding("AVD-DS-0002", "Dockerfile")], plain, now, misconfigAccessor).warnings[0] ?? "", /dredgeignore:10: ignore entry AVD-DS-0002 expired on 2025-06-30/);
  });
});

describe("applyIgnoresToReport", () => {
  it("applies to every target and kind of finding and de-duplicates warnings", () => {
    const target = (name: string) => ({ target: name, class: "lang-pkgs" as const, type: "npm", vulnerabilities: [lodash, lodashTemplate], misconfigurations: [], secrets: [secretFinding("aws-access-key-id", "/srv/app/test/fixtures/a.env")], licenses: [] });
    const report = { schemaVersion: 1, createdAt: now.toISOString(), tool: { name: "dredge", version: "0" }, artifact: { name: "x", type: "container_image", repoTags: [], repoDigests: [], layers: [] }, targets: [target("a"), target("b")], warnings: [] } satisfies ScanReport;
    const out = applyIgnoresToReport(report, yaml, now);
    for (const t of out.report.targets) {
      assert.deepEqual(t.vulnerabilities.map((f) => !!f.suppressed), [true, false]);
      assert.equal(!!t.secrets[0]?.suppressed, true);
    }
    assert.equal(out.warnings.length, 1);
    assert.equal(report.targets[0]?.vulnerabilities[0]?.suppressed, undefined);
  });
});
