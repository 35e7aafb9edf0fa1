import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render } from "../testing.js";
import { gitlabReporter } from "./index.js";

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
});
