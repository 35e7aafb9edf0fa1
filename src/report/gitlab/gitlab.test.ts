import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { listedReport } from "../../../test/helpers/listed-report.js";
import { render, schemaErrors, schemaValidator, type GitlabSchema } from "../testing.js";
import type { Reporter } from "../types.js";
import { gitlabDependencyScanningReporter } from "./dependency.js";
import { gitlabReporter, gitlabSecretDetectionReporter, isSecretsOnly } from "./index.js";
import type { ScanReport } from "../../model/finding.js";

/** The required parts of GitLab's container-scanning report schema 15.x, as published by GitLab. */
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
const vendorTool = z.strictObject({ id: z.string().min(1), name: z.string().min(1), version: z.string().min(1), vendor: z.strictObject({ name: z.string().min(1) }) });
const schema = z.strictObject({
  version: z.string().regex(/^15\.\d+\.\d+$/),
  vulnerabilities: z.array(z.strictObject({
    id: z.uuid(),
    name: z.string().max(255),
    description: z.string().max(1_048_576),
    severity: z.enum(["Info", "Unknown", "Low", "Medium", "High", "Critical"]),
    solution: z.string().max(7000),
    identifiers: z.array(z.strictObject({ type: z.string().min(1), name: z.string().min(1), value: z.string().min(1), url: z.url().optional() })).min(1).max(20),
    links: z.array(z.strictObject({ url: z.url(), name: z.string().optional() })),
    location: z.strictObject({
      dependency: z.strictObject({ package: z.strictObject({ name: z.string().min(1) }), version: z.string() }),
      operating_system: z.string().min(1),
      image: z.string().min(1),
    }),
  })),
  remediations: z.array(z.unknown()),
  scan: z.strictObject({
    analyzer: vendorTool, scanner: vendorTool, type: z.literal("container_scanning"),
    start_time: time, end_time: time, status: z.enum(["success", "failure"]),
  }),
});

/** The required parts of GitLab's secret-detection report schema 15.x. */
const secretSchema = z.strictObject({
  version: z.string().regex(/^15\.\d+\.\d+$/),
  vulnerabilities: z.array(z.strictObject({
    id: z.uuid(),
    name: z.string().max(255),
    description: z.string().max(1_048_576),
    severity: z.enum(["Info", "Unknown", "Low", "Medium", "High", "Critical"]),
    solution: z.string().max(7000),
    identifiers: z.array(z.strictObject({ type: z.string().min(1), name: z.string().min(1), value: z.string().min(1), url: z.url().optional() })).min(1).max(20),
    location: z.strictObject({
      file: z.string().min(1), start_line: z.number().int().optional(), end_line: z.number().int().optional(),
      commit: z.strictObject({ sha: z.string().min(1) }),
    }),
  })),
  scan: z.strictObject({
    analyzer: vendorTool, scanner: vendorTool, type: z.literal("secret_detection"),
    start_time: time, end_time: time, status: z.enum(["success", "failure"]),
  }),
});

/** The sample report as a secret-only scan would produce it: only the secret target, no vulnerability database. */
function secretsOnly(): ScanReport {
  const r = sampleReport();
  return { ...r, database: undefined, targets: r.targets.filter((t) => t.class === "secret") };
}

describe("gitlab report", () => {
  it("has the shape of GitLab's container-scanning schema 15.x (sample, empty, hostile)", async () => {
    for (const r of [sampleReport(), emptyReport(), hostileReport(), minimalReport()]) schema.parse(JSON.parse(await render(gitlabReporter, r)));
  });

  it("maps findings, leaves suppressed ones out and keeps ids stable", async () => {
    const doc = schema.parse(JSON.parse(await render(gitlabReporter, sampleReport())));
    assert.equal(doc.vulnerabilities.length, 4);
    assert.ok(!doc.vulnerabilities.some((v) => v.name.startsWith("CVE-2020-28724")));
    const idn = doc.vulnerabilities.find((v) => v.name.startsWith("CVE-2019-18224"))!;
    assert.equal(idn.severity, "Critical");
    assert.equal(idn.solution, "Upgrade libidn2-0 to 2.0.5-1+deb10u1");
    assert.deepEqual(idn.location, { dependency: { package: { name: "libidn2-0" }, version: "2.0.5-1" }, operating_system: "debian:10.2",
      image: "ghcr.io/aquasecurity/trivy-test-images:fluentd-multiple-lockfiles" });
    assert.deepEqual(idn.identifiers.map((i) => `${i.type}:${i.value}`), ["cve:CVE-2019-18224", "dsa:DSA-4613-1"]);
    const again = schema.parse(JSON.parse(await render(gitlabReporter, sampleReport())));
    assert.deepEqual(again.vulnerabilities.map((v) => v.id), doc.vulnerabilities.map((v) => v.id));
    assert.equal(new Set(doc.vulnerabilities.map((v) => v.id)).size, 4);
  });

  it("leaves misconfigurations, secrets and licences out of the container-scanning report", async () => {
    const out = await render(gitlabReporter, sampleReport());
    assert.equal(schema.parse(JSON.parse(out)).scan.type, "container_scanning");
    for (const text of ["DS001", "DS002", "aws-access-key-id", "aws_key_id", "LGPL-3.0-or-later"]) assert.ok(!out.includes(text), text);
  });

  it("writes a secret-detection report for a scan of secrets only, with the masked match alone", async () => {
    assert.equal(isSecretsOnly(sampleReport()), false);
    assert.equal(isSecretsOnly(secretsOnly()), true);
    assert.equal(isSecretsOnly(minimalReport()), false, "nothing found: stays a container-scanning report");
    const cleanVulnScan = { ...secretsOnly(), database: sampleReport().database };
    assert.equal(isSecretsOnly(cleanVulnScan), false, "a vulnerability scan that found only a secret stays container scanning");
    assert.equal(schema.parse(JSON.parse(await render(gitlabReporter, cleanVulnScan))).vulnerabilities.length, 0);
    const out = await render(gitlabReporter, secretsOnly());
    const doc = secretSchema.parse(JSON.parse(out));
    assert.equal(doc.vulnerabilities.length, 1);
    const s = doc.vulnerabilities[0]!;
    assert.equal(s.severity, "Critical");
    assert.deepEqual(s.location, { file: "etc/fluent/fluent.conf", start_line: 12, end_line: 12, commit: { sha: "0000000000000000000000000000000000000000" } });
    assert.match(s.description, /aws_key_id \*{20}/);
    assert.deepEqual(s.identifiers.map((i) => i.value), ["aws-access-key-id"]);
    const again = secretSchema.parse(JSON.parse(await render(gitlabReporter, secretsOnly())));
    assert.equal(again.vulnerabilities[0]!.id, s.id);
    const suppressed = secretsOnly();
    suppressed.targets[0]!.secrets[0]!.suppressed = { kind: "ignorefile" };
    assert.equal(secretSchema.parse(JSON.parse(await render(gitlabReporter, suppressed))).vulnerabilities.length, 0);
  });
});

describe("GitLab's own schemas (15.0.7, ../shared/fixtures/schemas/gitlab), with ajv", () => {
  const secretsOnly = (r: ScanReport): ScanReport => {
    const { database: _d, ...rest } = r;
    return { ...rest, targets: r.targets.filter((t) => t.secrets.length).map((t) => ({ ...t, class: "secret" as const, vulnerabilities: [] })) };
  };
  const cases: [string, () => ScanReport][] = [
    ["sample", sampleReport], ["hostile", hostileReport], ["empty", emptyReport], ["minimal", minimalReport], ["listed", listedReport],
  ];
  for (const [name, make] of cases) {
    it(`${name}: container scanning, dependency scanning and secret detection validate`, async () => {
      const checks: [Reporter, GitlabSchema, ScanReport][] = [
        [gitlabReporter, "gitlab-container-scanning", make()],
        [gitlabDependencyScanningReporter, "gitlab-dependency-scanning", make()],
        [gitlabSecretDetectionReporter, "gitlab-secret-detection", make()],
        [gitlabReporter, "gitlab-secret-detection", secretsOnly(make())],
      ];
      for (const [reporter, schema, report] of checks) {
        if (schema === "gitlab-secret-detection" && reporter === gitlabReporter && !isSecretsOnly(report)) continue;
        const doc = JSON.parse(await render(reporter, report)) as { version: string };
        assert.deepEqual(schemaErrors(schemaValidator(schema), doc), [], `${reporter.format} as ${schema}`);
        assert.equal(doc.version, "15.0.7");
      }
    });
  }

  it("dependency scanning: language-package findings only, located by their file, each file listed", async () => {
    const report = sampleReport();
    const doc = JSON.parse(await render(gitlabDependencyScanningReporter, report)) as {
      vulnerabilities: { identifiers: { value: string }[]; location: { file: string } }[]; dependency_files: { path: string; package_manager: string }[];
    };
    const lang = report.targets.filter((t) => t.class === "lang-pkgs");
    const expected = lang.flatMap((t) => t.vulnerabilities.filter((v) => !v.suppressed).map((v) => v.id)).sort();
    assert.deepEqual(doc.vulnerabilities.map((v) => v.identifiers[0]!.value).sort(), expected);
    assert.deepEqual(doc.dependency_files.map((f) => f.package_manager), lang.map((t) => t.type));
    for (const v of doc.vulnerabilities) assert.ok(doc.dependency_files.some((f) => f.path === v.location.file));
  });
});
