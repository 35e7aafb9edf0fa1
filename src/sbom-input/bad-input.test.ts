/** Hostile and broken inputs: clear DredgeErrors or warnings naming the file, never a crash. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError, type ErrorCode } from "../errors.js";
import { memoryLogger, silentLogger } from "../util/log.js";
import { isSbomFile, readSbom } from "./index.js";
import { MAX_COMPONENT_DEPTH } from "./cyclonedx.js";

let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-sbom-bad-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | object): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
};
const rejectsWith = (code: ErrorCode, re: RegExp) => (e: unknown) => isDredgeError(e, code) && re.test(e.message);
const cdx = (components: unknown[]) => ({ bomFormat: "CycloneDX", specVersion: "1.6", components });

describe("bad SBOM input", () => {
  it("not JSON → PARSE_ERROR naming the file", async () => {
    const p = write("notjson.json", "{ this is not json");
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("PARSE_ERROR", /notjson\.json is not valid JSON/));
  });

  it("JSON that is not an SBOM → PARSE_ERROR", async () => {
    for (const [name, v] of [["obj.json", { foo: 1 }], ["arr.json", [1, 2]], ["spdx1.json", { spdxVersion: "SPDX-1.2" }]] as const) {
      const p = write(name, v);
      await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("PARSE_ERROR", new RegExp(`${name.replace(".", "\\.")} is JSON but not`)));
    }
  });

  it("a 300 MB file is refused before it is read (default 256 MiB limit), and maxBytes is honoured", async () => {
    const p = join(dir, "huge.json");
    const fd = openSync(p, "w");
    ftruncateSync(fd, 300 * 1024 * 1024); // sparse: no disk space used
    closeSync(fd);
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("LIMIT_EXCEEDED", /huge\.json is larger than 268435456 bytes/));
    const small = write("small.json", cdx([]));
    await assert.rejects(readSbom(small, { logger: silentLogger, maxBytes: 10 }), rejectsWith("LIMIT_EXCEEDED", /small\.json/));
  });

  it("missing file and directory → IO_ERROR", async () => {
    await assert.rejects(readSbom(join(dir, "nope.json"), { logger: silentLogger }), rejectsWith("IO_ERROR", /nope\.json/));
    await assert.rejects(readSbom(dir, { logger: silentLogger }), rejectsWith("IO_ERROR", /not a regular file/));
  });

  it("components without purls are skipped with a count; malformed ones with a warning naming file and component", async () => {
    const p = write("mixed.json", cdx([
      { type: "library", name: "no-purl-1", version: "1" },
      { type: "library", name: "no-purl-2" },
      42,
      { type: "library", name: { evil: true }, purl: "pkg:npm/x@1" },
      { type: "library", name: "badpurl", purl: "not a purl" },
      { type: "library", name: "noversion", purl: "pkg:npm/noversion" },
      { type: "library", name: "good", version: "1.2.3", purl: "pkg:npm/good@1.2.3", properties: [{ name: "x" }, 7, { name: "aquasecurity:trivy:FilePath", value: "app/package.json" }] },
    ]));
    const log = memoryLogger();
    const inv = await readSbom(p, { logger: log });
    assert.deepEqual(inv.packages.map((x) => x.name), ["good"]);
    assert.deepEqual(inv.packages[0]!.locations, [{ path: "app/package.json" }]);
    const w = inv.warnings.join("\n");
    assert.match(w, /mixed\.json: 2 component\(s\) without a purl skipped/);
    assert.match(w, /mixed\.json: component #2 is malformed/);
    assert.match(w, /mixed\.json: component #3 is malformed/);
    assert.match(w, /mixed\.json: component "badpurl" has an invalid purl/);
    assert.match(w, /mixed\.json: component "noversion" has no name or version/);
    assert.equal(log.records.filter((r) => r.level === "warn").length, inv.warnings.length);
  });

  it("malformed SPDX packages are skipped with a warning", async () => {
    const p = write("bad-spdx.json", {
      spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT",
      packages: [{ name: "no-id" }, { SPDXID: "SPDXRef-1", name: "ok", versionInfo: "1", externalRefs: [{ referenceType: "purl", referenceLocator: "pkg:pypi/ok@1" }, "junk"] }],
    });
    const inv = await readSbom(p, { logger: silentLogger });
    assert.deepEqual(inv.packages.map((x) => x.purl), ["pkg:pypi/ok@1"]);
    assert.match(inv.warnings.join("\n"), /bad-spdx\.json: package "no-id" \(#0\) is malformed/);
  });

  it("hostile deep nesting: nested components stop at the depth limit, deep arrays do not crash", async () => {
    const n = 100_000;
    const open = '{"type":"library","name":"x","version":"1","purl":"pkg:npm/x@1","components":[';
    const text = `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[${open.repeat(n)}${"]}".repeat(n)}]}`;
    const inv = await readSbom(write("deep.json", text), { logger: silentLogger });
    assert.equal(inv.packages.length, MAX_COMPONENT_DEPTH + 1);
    assert.match(inv.warnings.join("\n"), /deep\.json: 1 component\(s\) nested deeper than 32 levels skipped/);
    const arrays = `{"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"name":${"[".repeat(n)}${"]".repeat(n)}}},"components":[{"type":"library","name":"y","purl":"pkg:npm/y@1","hashes":${"[".repeat(n)}${"]".repeat(n)}}]}`;
    const inv2 = await readSbom(write("deep-arrays.json", arrays), { logger: silentLogger });
    assert.deepEqual(inv2.packages.map((x) => x.name), ["y"]);
    assert.equal(inv2.target.name, join(dir, "deep-arrays.json"));
  });

  it("CycloneDX XML and in-toto without an SBOM predicate → UNSUPPORTED_MEDIA_TYPE", async () => {
    const xml = write("bom.xml", '<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"></bom>');
    await assert.rejects(readSbom(xml, { logger: silentLogger }), rejectsWith("UNSUPPORTED_MEDIA_TYPE", /CycloneDX XML; use JSON/));
    const payload = Buffer.from(JSON.stringify({ _type: "https://in-toto.io/Statement/v0.1", predicateType: "https://slsa.dev/provenance/v0.2", predicate: { builder: {} } })).toString("base64");
    const att = write("prov.jsonl", `${JSON.stringify({ payloadType: "application/vnd.in-toto+json", payload, signatures: [] })}\n`);
    await assert.rejects(readSbom(att, { logger: silentLogger }), rejectsWith("UNSUPPORTED_MEDIA_TYPE", /prov\.jsonl: in-toto attestation without a CycloneDX or SPDX JSON predicate \(found: https:\/\/slsa\.dev/));
  });

  it("isSbomFile sniffs only SBOMs", () => {
    const yes = ['{"bomFormat": "CycloneDX", "specVersion": "1.7"}', '\uFEFF {"spdxVersion":"SPDX-2.3"}', '{"SPDXID":"SPDXRef-DOCUMENT","creationInfo":{}', "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n"];
    const no = ['{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}', "[1,2]", "hello", "", "ustar\0\0\0"];
    for (const s of yes) assert.equal(isSbomFile(Buffer.from(s)), true, s);
    for (const s of no) assert.equal(isSbomFile(Buffer.from(s)), false, s);
  });
});
