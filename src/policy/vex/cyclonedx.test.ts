import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { schemaErrors, schemaValidator } from "../../report/testing.js";
import { loadVex, parseVex } from "./load.js";

const file = join(import.meta.dirname, "testdata/lodash.cdx.json");

describe("CycloneDX VEX", () => {
  it("the test document is a valid CycloneDX 1.6 BOM", () => {
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), JSON.parse(readFileSync(file, "utf8"))), []);
  });

  it("maps analysis states, keeps justification and detail, and resolves bom-refs and BOM-Links to purls", () => {
    const doc = loadVex(file);
    assert.equal(doc.format, "cyclonedx");
    assert.equal(doc.id, "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79");
    const [lodash, requests, template] = doc.statements;
    assert.deepEqual(lodash, {
      vulnerability: "CVE-2020-8203",
      aliases: ["GHSA-p6mc-m468-83gw"],
      status: "not_affected",
      justification: "code_not_reachable",
      impactStatement: "zipObjectDeep is never called by the frontend.",
      actionStatement: "will_not_fix, update",
      products: [{ purl: "pkg:npm/lodash@4.17.15", subcomponents: [] }],
      timestamp: Date.parse("2024-04-02T09:15:00Z"),
    });
    assert.equal(requests?.status, "affected");
    assert.deepEqual(requests?.products, [{ purl: "pkg:pypi/requests@2.25.1", subcomponents: [] }]);
    assert.equal(template?.status, "fixed");
    assert.deepEqual(template?.products, [{ purl: "pkg:npm/lodash@4.17.15", subcomponents: [] }]);
    assert.deepEqual(doc.warnings, [`${file}: vulnerabilities[2]: affects ref component-that-is-not-here does not resolve to a purl; it is ignored`]);
  });

  it("maps every CycloneDX state", () => {
    const states = { resolved: "fixed", resolved_with_pedigree: "fixed", exploitable: "affected", in_triage: "under_investigation", false_positive: "not_affected", not_affected: "not_affected" };
    for (const [state, status] of Object.entries(states)) {
      const bom = { bomFormat: "CycloneDX", specVersion: "1.5", vulnerabilities: [{ id: "CVE-2020-8203", analysis: { state }, affects: [{ ref: "pkg:npm/lodash@4.17.15" }] }] };
      assert.equal(parseVex(JSON.stringify(bom), "b.json").statements[0]?.status, status, state);
    }
  });

  it("warns when a BOM has no analysed vulnerabilities", () => {
    const doc = parseVex(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", components: [] }), "sbom.cdx.json");
    assert.deepEqual(doc.statements, []);
    assert.deepEqual(doc.warnings, ["sbom.cdx.json: CycloneDX document has no vulnerabilities with analysis.state"]);
  });

  it("rejects an unknown analysis state with INVALID_CONFIG naming the file and field", () => {
    const text = readFileSync(file, "utf8").replace('"state": "not_affected"', '"state": "wontfix"');
    assert.throws(() => parseVex(text, "vex.cdx.json"), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && /^vex\.cdx\.json: invalid CycloneDX VEX document at vulnerabilities\.0\.analysis\.state: /.test(err.message));
  });
});
