import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render, schemaErrors, schemaValidator } from "../testing.js";
import { sarifReporter } from "./index.js";

interface Rule { id: string; help: { text: string }; helpUri?: string; properties: Record<string, unknown> }
interface Result { ruleId: string; ruleIndex: number; level: string; suppressions?: unknown[];
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }
interface Log { version: string; runs: { tool: { driver: { rules: Rule[] } }; results: Result[] }[] }

const validate = schemaValidator("sarif");
const load = async (r = sampleReport()) => JSON.parse(await render(sarifReporter, r)) as Log;

describe("sarif report", () => {
  it("is valid SARIF 2.1.0 for the sample, empty and hostile reports", async () => {
    for (const r of [sampleReport(), emptyReport(), hostileReport(), minimalReport()]) assert.deepEqual(schemaErrors(validate, await load(r)), []);
  });

  it("the validator rejects a broken log (so the check above can fail)", async () => {
    const log = await load();
    (log as unknown as Record<string, unknown>).version = "2.0.0";
    assert.notDeepEqual(schemaErrors(validate, log), []);
  });

  it("has one rule per id with security-severity, help and helpUri", async () => {
    const log = await load();
    const rules = log.runs[0]!.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id).sort(), ["CVE-2019-11358", "CVE-2019-14806", "CVE-2019-18224", "CVE-2020-28724", "CVE-2020-8165", "DS002", "aws-access-key-id"]);
    const idn = rules.find((r) => r.id === "CVE-2019-18224")!;
    assert.equal(idn.properties["security-severity"], "9.8", "CVSS score of the severity source (nvd)");
    assert.equal(idn.helpUri, "https://nvd.nist.gov/vuln/detail/CVE-2019-18224");
    assert.match(idn.help.text, /2\.0\.5-1\+deb10u1/);
    const gem = rules.find((r) => r.id === "CVE-2020-8165")!;
    assert.equal(gem.properties["security-severity"], "8.0", "no ghsa CVSS: mapped from HIGH");
    for (const r of rules) assert.ok(Number(r.properties["security-severity"]) >= 0);
  });

  it("gives results relative locations, levels from severity and marks suppressions", async () => {
    const log = await load();
    const results = log.runs[0]!.results;
    const rules = log.runs[0]!.tool.driver.rules;
    for (const r of results) assert.equal(rules[r.ruleIndex]!.id, r.ruleId);
    const os = results.find((r) => r.ruleId === "CVE-2019-18224")!;
    assert.equal(os.level, "error");
    assert.equal(os.locations[0]!.physicalLocation.artifactLocation.uri, "var/lib/dpkg/status");
    const secret = results.find((r) => r.ruleId === "aws-access-key-id")!;
    assert.equal(secret.locations[0]!.physicalLocation.region.startLine, 12);
    assert.equal(results.find((r) => r.ruleId === "CVE-2019-11358")!.level, "warning");
    const sup = results.filter((r) => r.suppressions);
    assert.deepEqual(sup.map((r) => r.ruleId), ["CVE-2020-28724"]);
  });
});
