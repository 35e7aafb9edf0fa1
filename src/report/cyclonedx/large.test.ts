import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { sampleReport } from "../../../test/helpers/sample-report.js";
import { cdxVulnerabilities } from "./vulnerabilities.js";

describe("CycloneDX vulnerabilities of a huge report", () => {
  it("one advisory affecting 200,000 packages is grouped in linear time (the group list is not copied per finding)", { timeout: 60_000 }, () => {
    const v = sampleReport().targets.flatMap((t) => t.vulnerabilities)[0]!;
    const findings = Array.from({ length: 200_000 }, (_, i) => ({ ...v, package: { ...v.package, purl: `pkg:npm/p${i}@1.0.0` } }));
    const out = cdxVulnerabilities(findings) as { id: string; affects: unknown[] }[];
    assert.equal(out.length, 1);
    assert.equal(out[0]!.affects.length, 200_000);
  });
});
