import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listedReport } from "../../../test/helpers/listed-report.js";
import { emptyReport, minimalReport, sampleReport } from "../../../test/helpers/sample-report.js";
import type { ScanReport } from "../../model/finding.js";
import { render, schemaErrors, schemaValidator } from "../testing.js";
import { jsonReporter } from "./index.js";

/** The same report with every object's keys reversed, to prove the output order does not depend on input order. */
function reversedKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reversedKeys) as T;
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)])) as T;
}

describe("json report", () => {
  it("carries every field of the ScanReport", async () => {
    const report = sampleReport();
    const parsed = JSON.parse(await render(jsonReporter, report)) as ScanReport;
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(report)));
    const suppressed = parsed.targets.flatMap((t) => t.vulnerabilities).filter((v) => v.suppressed);
    assert.equal(suppressed.length, 1, "suppressed findings are kept, marked");
  });

  it("writes keys in the documented order whatever order the model was built in", async () => {
    const a = await render(jsonReporter, sampleReport());
    const b = await render(jsonReporter, reversedKeys(sampleReport()));
    assert.equal(a, b);
    const parsed = JSON.parse(a) as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ["schemaVersion", "createdAt", "tool", "artifact", "database", "targets", "warnings"]);
    const v = (parsed.targets as ScanReport["targets"])[0]!.vulnerabilities[0]!;
    assert.deepEqual(Object.keys(v).slice(0, 5), ["id", "aliases", "title", "description", "package"]);
    assert.equal(parsed.schemaVersion, 1);
  });

  it("validates against the published JSON schema (report-v1.schema.json)", async () => {
    const validate = schemaValidator("dredge");
    for (const r of [sampleReport(), emptyReport(), minimalReport()]) assert.deepEqual(schemaErrors(validate, JSON.parse(await render(jsonReporter, r))), []);
    const broken = JSON.parse(await render(jsonReporter, sampleReport())) as ScanReport;
    (broken.targets[0]!.vulnerabilities[0] as { severity: string }).severity = "SEVERE";
    assert.notDeepEqual(schemaErrors(validate, broken), [], "the schema rejects an unknown severity");
  });

  it("writes an empty report", async () => {
    const parsed = JSON.parse(await render(jsonReporter, emptyReport())) as ScanReport;
    assert.equal(parsed.targets[0]!.vulnerabilities.length, 0);
    assert.equal(parsed.artifact.layers.length, 6);
  });

  it("writes a package listing (--list-all-pkgs) in order, valid against the schema", async () => {
    const text = await render(jsonReporter, listedReport());
    const parsed = JSON.parse(text) as ScanReport;
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), parsed), []);
    const cargo = parsed.targets.find((t) => t.target === "/srv/app/Cargo.lock")!;
    assert.deepEqual(Object.keys(cargo), ["target", "class", "type", "packages", "vulnerabilities", "misconfigurations", "secrets", "licenses"]);
    assert.equal(cargo.packages!.length, 7);
    const react = parsed.targets.flatMap((t) => t.packages ?? []).find((p) => p.name === "react")!;
    assert.deepEqual(Object.keys(react), ["name", "version", "type", "purl", "class", "path", "licenses", "dependsOn"]);
    assert.equal(text, await render(jsonReporter, reversedKeys(listedReport())));
    const broken = JSON.parse(text) as ScanReport;
    (broken.targets.find((t) => t.packages?.length)!.packages![0] as { licenses: unknown }).licenses = "MIT";
    assert.notDeepEqual(schemaErrors(schemaValidator("dredge"), broken), [], "the schema checks listed packages");
  });
});
