import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AffectedRecord, VulnerabilityRecord } from "../db/model.js";
import { parseScanOptions } from "../scan/options.js";
import { isDredgeError } from "../errors.js";
import { chooseSeverityFrom } from "./severity.js";

const cve: VulnerabilityRecord = {
  id: "CVE-2019-11358", source: "nvd", aliases: [], related: [], cwes: [], references: [],
  severities: [
    { source: "nvd", type: "CVSS_V3", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N" },
    { source: "ubuntu", type: "vendor", rating: "low" },
  ],
};
const row = (source: AffectedRecord["source"], severity: string): AffectedRecord => ({
  vulnerabilityId: "UBUNTU-CVE-2019-11358", source, namespace: "ubuntu:18.04", packageName: "jquery", status: "affected", ranges: [], versions: [], fixedVersions: [], severity,
});

describe("--vuln-severity-source", () => {
  it("the first listed source that rates the vulnerability wins", () => {
    assert.deepEqual(pick(["ubuntu", "nvd"], []), ["LOW", "ubuntu"]);
    assert.deepEqual(pick(["redhat", "nvd"], []), ["MEDIUM", "nvd"]);
    assert.deepEqual(pick(["redhat", "auto"], []), ["MEDIUM", "nvd"]);
    assert.deepEqual(pick(["redhat"], []), ["UNKNOWN", undefined]);
  });
  it("reads the affected rows' vendor words too (the Ubuntu CVE tracker rates for ubuntu)", () => {
    assert.deepEqual(pick(["ubuntu"], [row("ubuntu-tracker", "high")]), ["HIGH", "ubuntu"]);
    assert.deepEqual(pick(["nvd"], [row("ubuntu-tracker", "high")]), ["MEDIUM", "nvd"]);
  });
  it("takes Trivy's names (suse-cvrf is suse) and refuses an unknown one", () => {
    assert.deepEqual(parseScanOptions({ vulnSeveritySource: "Ubuntu,suse-cvrf,auto" }).vulnSeveritySource, ["ubuntu", "suse-cvrf", "auto"]);
    assert.throws(() => parseScanOptions({ vulnSeveritySource: "ubunto" }), (e: unknown) => isDredgeError(e, "USAGE") && /vulnSeveritySource: "ubunto" is not one of auto, nvd/.test(e.message));
  });
});

function pick(order: string[], rows: AffectedRecord[]): [string, string | undefined] {
  const c = chooseSeverityFrom(order, [cve], rows, true);
  return [c.severity, c.source];
}
