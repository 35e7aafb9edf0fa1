import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { emptyReport, hostileReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import { render, schemaErrors, schemaValidator } from "../testing.js";
import { sarifReporter } from "./index.js";

interface Rule { id: string; help: { text: string }; helpUri?: string; properties: Record<string, unknown> }
interface Result { ruleId: string; ruleIndex: number; level: string; suppressions?: unknown[]; message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number; snippet?: { text: string } } } }[] }
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
    assert.deepEqual(rules.map((r) => r.id).sort(), ["CVE-2019-11358", "CVE-2019-14806", "CVE-2019-18224", "CVE-2020-28724", "CVE-2020-8165", "DS001", "DS002",
      "aws-access-key-id", "license-permissive", "license-weak-copyleft"]);
    const idn = rules.find((r) => r.id === "CVE-2019-18224")!;
    assert.equal(idn.properties["security-severity"], "9.8", "CVSS score of the severity source (nvd)");
    assert.equal(idn.helpUri, "https://nvd.nist.gov/vuln/detail/CVE-2019-18224");
    assert.match(idn.help.text, /2\.0\.5-1\+deb10u1/);
    const gem = rules.find((r) => r.id === "CVE-2020-8165")!;
    assert.equal(gem.properties["security-severity"], "8.0", "no ghsa CVSS: mapped from HIGH");
    for (const r of rules.filter((x) => !x.id.startsWith("license-"))) assert.ok(Number(r.properties["security-severity"]) >= 0);
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

  it("locates misconfigurations and secrets by file and line, with the masked match only", async () => {
    const results = (await load()).runs[0]!.results;
    const ds001 = results.find((r) => r.ruleId === "DS001")!.locations[0]!.physicalLocation;
    assert.deepEqual([ds001.artifactLocation.uri, ds001.region.startLine, ds001.region.endLine], ["srv/app/Dockerfile", 1, 1]);
    const ds002 = results.find((r) => r.ruleId === "DS002")!.locations[0]!.physicalLocation;
    assert.equal(ds002.artifactLocation.uri, "Dockerfile");
    const secret = results.find((r) => r.ruleId === "aws-access-key-id")!;
    const loc = secret.locations[0]!.physicalLocation;
    assert.equal(loc.artifactLocation.uri, "etc/fluent/fluent.conf");
    assert.equal(loc.region.snippet?.text, "  aws_key_id ********************");
    assert.ok(!results.filter((r) => r.ruleId !== "aws-access-key-id").some((r) => r.locations[0]!.physicalLocation.region.snippet), "snippets only for secrets");
  });

  it("reports licences as results under one rule per licence class, without a security severity", async () => {
    const log = await load();
    const { rules } = log.runs[0]!.tool.driver;
    const licence = log.runs[0]!.results.filter((r) => r.ruleId.startsWith("license-"));
    assert.deepEqual(licence.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.artifactLocation.uri]), [
      ["license-weak-copyleft", "warning", "var/lib/dpkg/status"],
      ["license-permissive", "note", "var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec"],
    ]);
    assert.match(licence[0]!.message.text, /LGPL-3\.0-or-later/);
    const rule = rules.find((r) => r.id === "license-weak-copyleft")!;
    assert.equal(rule.properties["security-severity"], undefined);
    assert.deepEqual(rule.properties.tags, ["license", "weak-copyleft"]);
  });
});
