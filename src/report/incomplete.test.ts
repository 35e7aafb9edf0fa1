/** Every format shows an incomplete inventory (issue #22 item 11): a flag and reasons, or a visible warning. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ScanReport } from "../model/finding.js";
import type { Inventory, InventoryGap } from "../model/inventory.js";
import { sampleReport } from "../../test/helpers/sample-report.js";
import { INCOMPLETE_PROPERTY } from "./common/incomplete.js";
import { reporterFor, reporters } from "./registry.js";
import { cyclonedxSbom } from "./cyclonedx/sbom.js";
import { spdxSbom } from "./spdx-json/sbom.js";
import { render, schemaErrors, schemaValidator, xmlProblem } from "./testing.js";

type Json = Record<string, unknown>;

const gap: InventoryGap = {
  kind: "file-over-limit",
  layer: { index: 1, diffId: `sha256:${"a".repeat(64)}` },
  paths: ["/var/lib/dpkg/status<script>"],
  files: 1,
  limit: 268_435_456,
  message: `layer 2 (sha256:${"a".repeat(12)}): 1 file not analysed, over the 256 MiB analysis limit: /var/lib/dpkg/status<script>; packages may be missing from the inventory`,
};
const headline = "Inventory incomplete: 1 file that package analyzers wanted was not read, so packages may be missing";

const incomplete = (): ScanReport => ({ ...sampleReport(), inventoryIncomplete: true, incompleteReasons: [gap] });
const json = async (format: string, report: ScanReport): Promise<Json> => JSON.parse(await render(reporterFor(format), report)) as Json;

describe("incomplete inventory in every report format", () => {
  it("json: inventoryIncomplete and incompleteReasons, valid against the report schema", async () => {
    const doc = await json("json", incomplete());
    assert.equal(doc.inventoryIncomplete, true);
    assert.deepEqual(doc.incompleteReasons, [gap]);
    assert.deepEqual(Object.keys(doc).slice(3, 6), ["artifact", "inventoryIncomplete", "incompleteReasons"]);
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), doc), []);
  });

  it("sarif: run properties, valid SARIF", async () => {
    const doc = await json("sarif", incomplete());
    const props = (doc.runs as { properties: Json }[])[0]!.properties;
    assert.equal(props.inventoryIncomplete, true);
    assert.deepEqual(props.incompleteReasons, [gap]);
    assert.deepEqual(schemaErrors(schemaValidator("sarif"), doc), []);
  });

  it("cyclonedx: metadata properties, valid CycloneDX 1.6", async () => {
    const doc = await json("cyclonedx", incomplete());
    const props = (doc.metadata as { properties: { name: string; value: string }[] }).properties;
    assert.deepEqual(props, [{ name: INCOMPLETE_PROPERTY, value: "true" }, { name: "dredge:inventory:gap", value: gap.message }]);
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), doc), []);
  });

  it("spdx-json: document comment and annotation, valid SPDX 2.3", async () => {
    const doc = await json("spdx-json", incomplete());
    assert.equal(doc.comment, `${headline}\n${gap.message}`);
    assert.deepEqual((doc.annotations as Json[]).map((a) => [a.annotationType, a.comment]), [["OTHER", `dredge:inventory:gap: ${gap.message}`]]);
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), doc), []);
  });

  it("gitlab: scan.messages at level warn", async () => {
    const scan = (await json("gitlab", incomplete())).scan as { messages: Json[] };
    assert.deepEqual(scan.messages, [{ level: "warn", value: headline }, { level: "warn", value: gap.message }]);
  });

  it("junit: a failing 'inventory is complete' testcase, well-formed XML", async () => {
    const xml = await render(reporterFor("junit"), incomplete());
    assert.equal(xmlProblem(xml), undefined);
    assert.match(xml, /<testcase classname="inventory" name="inventory is complete" time="0">\n\s+<failure message="Inventory incomplete: [^"]+" type="inventory:incomplete">layer 2 .*status&lt;script&gt;/);
  });

  it("table, markdown, html, github: the headline and each reason, escaped", async () => {
    const text = async (format: string) => render(reporterFor(format), incomplete());
    assert.match(await text("table"), new RegExp(`WARN ${headline}\\n  layer 2 .*status<script>; packages may be missing`));
    assert.match(await text("markdown"), /> \*\*Inventory incomplete: 1 file .*\*\*\n> - layer 2 .*status&lt;script&gt;/);
    const html = await text("html");
    assert.match(html, /<section id="inventory-incomplete"><h2>Inventory incomplete<\/h2>.*status&lt;script&gt;/);
    assert.doesNotMatch(html, /status<script>/);
    assert.match(await text("github"), /^::warning title=dredge inventory incomplete::Inventory incomplete: .*\n::warning title=dredge inventory incomplete::layer 2 /);
  });

  it("a complete inventory has none of it, in any format", async () => {
    for (const r of reporters) {
      const out = await render(r, sampleReport());
      assert.doesNotMatch(out, /nventory incomplete|inventoryIncomplete|inventory:incomplete/, r.format);
    }
  });
});

describe("incomplete inventory in dredge sbom's SBOMs", () => {
  const inv: Inventory = {
    target: { name: "img", source: "oci-layout", repoTags: [], repoDigests: [] },
    packages: [], layers: [], warnings: [], incomplete: [gap],
  };
  const tool = { name: "dredge", version: "0.0.0" };

  it("CycloneDX: metadata properties; SPDX: comment and annotation; both schema-valid", () => {
    const cdx = cyclonedxSbom(inv, tool) as { metadata: { properties: unknown } };
    assert.deepEqual(cdx.metadata.properties, [{ name: INCOMPLETE_PROPERTY, value: "true" }, { name: "dredge:inventory:gap", value: gap.message }]);
    assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), cdx), []);
    const spdx = spdxSbom(inv, tool) as Json;
    assert.equal(spdx.comment, `${headline}\n${gap.message}`);
    assert.equal((spdx.annotations as Json[]).length, 1);
    assert.deepEqual(schemaErrors(schemaValidator("spdx"), spdx), []);
  });
});
