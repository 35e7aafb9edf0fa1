import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { openVexValidator, ubuntuCurlVex } from "../testing.js";
import { loadVex, parseVex } from "./load.js";

const testdata = join(import.meta.dirname, "testdata");
const validOpenVex = ["requests.openvex.json", "requests-affected-later.openvex.json", "image.openvex.json"];

describe("OpenVEX", () => {
  it("the test documents and Ubuntu's published VEX are valid against the OpenVEX schema", () => {
    const validate = openVexValidator();
    for (const file of [...validOpenVex.map((f) => join(testdata, f)), ubuntuCurlVex]) {
      const ok = validate(JSON.parse(readFileSync(file, "utf8")));
      assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
    }
    const bad = JSON.parse(readFileSync(join(testdata, "bad-status.openvex.json"), "utf8")) as unknown;
    assert.equal(validate(bad), false);
  });

  it("reads a vexctl document: ID, status, justification, impact statement, product purl, timestamp", () => {
    const doc = loadVex(join(testdata, "requests.openvex.json"));
    assert.equal(doc.format, "openvex");
    assert.equal(doc.id, "https://openvex.dev/docs/public/vex-5b4ba6b6e24cd0c0dbb8d7a9c3a8b2ab4c1d6f5b0f6c7c1b73f0a3c2a1e8d9f0");
    assert.equal(doc.author, "Platform Security <security@example.com>");
    assert.deepEqual(doc.warnings, []);
    assert.deepEqual(doc.statements, [
      {
        vulnerability: "CVE-2023-32681",
        aliases: [],
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        impactStatement: "The service never sends requests through an HTTPS proxy, so Proxy-Authorization is never set.",
        products: [{ purl: "pkg:pypi/requests@2.25.1", subcomponents: [] }],
        timestamp: Date.parse("2024-02-12T09:31:07.184Z"),
      },
    ]);
  });

  it("reads image products with subcomponents, aliases, and the document timestamp for statements without one", () => {
    const doc = loadVex(join(testdata, "image.openvex.json"));
    const [first, second] = doc.statements;
    assert.deepEqual(first?.aliases, ["GHSA-p6mc-m468-83gw"]);
    assert.match(first?.products[0]?.purl ?? "", /^pkg:oci\/shop-frontend@sha256%3A9f86/);
    assert.deepEqual(first?.products[0]?.subcomponents, ["pkg:npm/lodash@4.17.15"]);
    assert.equal(second?.status, "under_investigation");
    assert.equal(second?.timestamp, Date.parse("2024-03-18T14:02:11Z"));
  });

  it("reads Ubuntu's VEX for CVE-2023-38545 with all three statuses", () => {
    const doc = loadVex(ubuntuCurlVex);
    assert.deepEqual(doc.statements.map((s) => s.status), ["fixed", "affected", "not_affected"]);
    assert.ok(doc.statements.every((s) => s.products.length > 100));
    assert.equal(doc.statements[0]?.statusNotes?.startsWith("This package (for the given release) was vulnerable"), true);
  });

  it("reads the OpenVEX 0.0.1 shape (string vulnerability and products, statement subcomponents)", () => {
    const v001 = {
      "@context": "https://openvex.dev/ns",
      "@id": "https://openvex.dev/docs/example/vex-9fb3463de1b57",
      author: "Wolfi J Inkinson",
      role: "Document Creator",
      timestamp: "2023-01-08T18:02:03.647787998-06:00",
      version: "1",
      statements: [{ vulnerability: "CVE-2020-8203", products: ["pkg:oci/frontend@sha256%3Aabc"], subcomponents: ["pkg:npm/lodash@4.17.15"], status: "fixed" }],
    };
    const doc = parseVex(JSON.stringify(v001), "old.json");
    assert.deepEqual(doc.statements[0]?.products, [{ purl: "pkg:oci/frontend@sha256%3Aabc", subcomponents: ["pkg:npm/lodash@4.17.15"] }]);
    assert.equal(doc.statements[0]?.timestamp, Date.parse("2023-01-09T00:02:03.647Z"));
  });

  it("warns, naming the file and statement, about products it cannot match", () => {
    const text = readFileSync(join(testdata, "requests.openvex.json"), "utf8").replace('"@id": "pkg:pypi/requests@2.25.1"', '"identifiers": { "cpe23": "cpe:2.3:a:python:requests:2.25.1:*:*:*:*:*:*:*" }');
    const doc = parseVex(text, "cpe.json");
    assert.equal(doc.warnings.length, 2);
    assert.match(doc.warnings[0] ?? "", /^cpe\.json: statements\[0\]: product .*cpe23.* has no purl/);
  });

  const bad: [string, RegExp][] = [
    ["bad-status.openvex.json", /bad-status\.openvex\.json: invalid OpenVEX document at statements\.0\.status: /],
    ["not-affected-without-justification.openvex.json", /invalid OpenVEX document at statements\.0: a not_affected statement needs a justification or an impact_statement/],
    ["truncated.openvex.json", /truncated\.openvex\.json: not valid JSON: /],
  ];
  for (const [file, message] of bad) {
    it(`rejects ${file} with INVALID_CONFIG naming the file`, () => {
      assert.throws(() => loadVex(join(testdata, file)), (err: unknown) => isDredgeError(err, "INVALID_CONFIG") && message.test(err.message) && err.message.includes(testdata));
    });
  }

  it("rejects documents that are neither OpenVEX nor CycloneDX, and XML", () => {
    assert.throws(() => parseVex('{"spdxVersion":"SPDX-2.3"}', "sbom.json"), /sbom\.json: neither an OpenVEX document/);
    assert.throws(() => parseVex("[]", "list.json"), /list\.json: not a JSON object/);
    assert.throws(() => parseVex('<?xml version="1.0"?><bom/>', "bom.xml"), /bom\.xml: XML VEX documents are not supported/);
  });
});
