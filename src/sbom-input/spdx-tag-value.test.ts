/** SPDX tag-value input: Trivy's real centos-7 fixture against its JSON twin, and the tag-value syntax. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "../../test/helpers/images.js";
import { silentLogger } from "../util/log.js";
import { newContext } from "./context.js";
import { isSbomFile, readSbom, sniffFormat } from "./index.js";
import { spdxPackageSchema } from "./schema.js";
import { spdxTagValueDocument } from "./spdx-tag-value.js";

const inputs = join(fixturesDir, "golden/trivy/sbom-inputs");
const tagValue = join(inputs, "centos-7-spdx.txt");
const jsonTwin = join(inputs, "centos-7-spdx.json");

let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-spdx-tv-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe("Trivy's SPDX tag-value of centos-7", () => {
  it("is sniffed by content, not by its .txt extension", () => {
    assert.equal(sniffFormat(readFileSync(tagValue)), "spdx-tag-value");
    assert.ok(isSbomFile(readFileSync(tagValue)));
  });

  it("gives the same inventory as the SPDX JSON of the same image", async () => {
    const tv = await readSbom(tagValue, { logger: silentLogger });
    const json = await readSbom(jsonTwin, { logger: silentLogger });
    assert.deepEqual(tv.packages, json.packages);
    assert.deepEqual(tv.os, json.os);
    assert.deepEqual(tv.target, json.target);
    assert.deepEqual(tv.layers, json.layers);
    assert.deepEqual(tv.warnings, []);
    // every purl the file declares became a package
    const purls = [...readFileSync(tagValue, "utf8").matchAll(/^ExternalRef: PACKAGE-MANAGER purl (\S+)$/gm)].map((m) => m[1]);
    assert.ok(purls.length > 0);
    assert.deepEqual(tv.packages.map((p) => p.purl), purls);
  });

  it("parses into the document shape of the JSON twin", () => {
    const doc = spdxTagValueDocument(readFileSync(tagValue, "utf8"), newContext(tagValue, silentLogger)) as { packages: unknown[]; relationships: unknown[] };
    const twin = JSON.parse(readFileSync(jsonTwin, "utf8")) as { packages: unknown[]; relationships: { relationshipType: string }[] };
    const norm = (list: unknown[]) => list.map((p) => {
      const { versionInfo: _v, ...rest } = spdxPackageSchema.parse(p);
      return rest;
    });
    // the two files were written by different Trivy runs: openssl-libs' versionInfo differs ("1.0.2k" and
    // "1:1.0.2k-19.el7"; the purl, which Dredge trusts, is the same), everything else read is equal
    assert.deepEqual(norm(doc.packages), norm(twin.packages));
    assert.equal(doc.relationships.length, twin.relationships.length);
    assert.deepEqual(doc.relationships[0], twin.relationships.find((r) => r.relationshipType === "DESCRIBES"));
  });
});

// Hand-written twins: the same SBOM as tag-value and as JSON, using the syntax Trivy's fixture does not.
const twinTagValue = [
  "# a comment",
  "SPDXVersion: SPDX-2.3",
  "DataLicense: CC0-1.0",
  "SPDXID: SPDXRef-DOCUMENT",
  "DocumentName: app",
  "DocumentComment: <text>spans",
  "two lines</text>",
  "SomeFutureTag: ignored",
  "",
  "PackageName: app",
  "SPDXID: SPDXRef-root",
  "PrimaryPackagePurpose: APPLICATION",
  "",
  "PackageName: debian",
  "SPDXID: SPDXRef-os",
  "PackageVersion: 12",
  "PrimaryPackagePurpose: OPERATING-SYSTEM",
  "",
  "PackageName: libc6",
  "SPDXID: SPDXRef-libc",
  "PackageVersion: 2.36-9",
  "PackageSupplier: Organization: Debian",
  "PackageLicenseDeclared: LicenseRef-glibc AND GPL-2.0-only",
  "PackageSourceInfo: built package from: glibc 2.36-9",
  "PackageComment: <text>dredge:package:path=/var/lib/dpkg/status",
  "dredge:other=x</text>",
  "ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/libc6@2.36-9?arch=amd64",
  "ExternalRefComment: ignored",
  "FileName: ./usr/lib/libc.so.6",
  "SPDXID: SPDXRef-File-libc",
  "FileComment: <text>a file's SPDXID must not become a package's</text>",
  "",
  "PackageName: left-pad",
  "SPDXID: SPDXRef-leftpad",
  "PackageVersion: 1.3.0",
  "PackageLicenseConcluded: <text>MIT</text>",
  "PackageAttributionText: <text>FilePath: app/package-lock.json</text>",
  "ExternalRef: PACKAGE-MANAGER purl pkg:npm/left-pad@1.3.0",
  "Relationship: SPDXRef-leftpad DEPENDS_ON SPDXRef-libc",
  "",
  "LicenseID: LicenseRef-glibc",
  "ExtractedText: <text>GNU C Library licence",
  "(long text)</text>",
  "LicenseName: glibc-licence",
  "",
  "Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-root",
  "Annotator: Tool: x",
  "SPDXREF: SPDXRef-libc",
].join("\r\n");

const twinJson = {
  spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", name: "app",
  packages: [
    { SPDXID: "SPDXRef-root", name: "app", primaryPackagePurpose: "APPLICATION" },
    { SPDXID: "SPDXRef-os", name: "debian", versionInfo: "12", primaryPackagePurpose: "OPERATING-SYSTEM" },
    {
      SPDXID: "SPDXRef-libc", name: "libc6", versionInfo: "2.36-9", supplier: "Organization: Debian",
      licenseDeclared: "LicenseRef-glibc AND GPL-2.0-only", sourceInfo: "built package from: glibc 2.36-9",
      comment: "dredge:package:path=/var/lib/dpkg/status\ndredge:other=x",
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:deb/debian/libc6@2.36-9?arch=amd64" }],
    },
    {
      SPDXID: "SPDXRef-leftpad", name: "left-pad", versionInfo: "1.3.0", licenseConcluded: "MIT", attributionTexts: ["FilePath: app/package-lock.json"],
      externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: "pkg:npm/left-pad@1.3.0" }],
    },
  ],
  relationships: [
    { spdxElementId: "SPDXRef-leftpad", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-libc" },
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-root" },
  ],
  hasExtractedLicensingInfos: [{ licenseId: "LicenseRef-glibc", extractedText: "GNU C Library licence\n(long text)", name: "glibc-licence" }],
};

describe("SPDX tag-value syntax", () => {
  it("multi-line <text>, files, licences, relationships, CRLF: same inventory as the JSON twin", async () => {
    const tv = await readSbom(write("app.spdx", twinTagValue), { logger: silentLogger });
    const json = await readSbom(write("app.spdx.json", JSON.stringify(twinJson)), { logger: silentLogger });
    assert.deepEqual(tv.warnings, []);
    assert.deepEqual(tv.packages, json.packages);
    assert.deepEqual(tv.os, { family: "debian", name: "12" });
    assert.equal(tv.target.name, "app");
    const libc = tv.packages.find((p) => p.name === "libc6");
    assert.deepEqual(libc?.licenses, ["glibc-licence", "GPL-2.0-only"]);
    assert.deepEqual(libc?.source, { name: "glibc", version: "2.36-9" });
    assert.deepEqual(tv.packages.find((p) => p.name === "left-pad")?.dependsOn, ["libc6"]);
    assert.deepEqual(tv.packages.find((p) => p.name === "left-pad")?.locations, [{ path: "app/package-lock.json" }]);
  });

  it("the intermediate document equals the JSON twin where the reader looks", () => {
    const doc = spdxTagValueDocument(twinTagValue, newContext("app.spdx", silentLogger)) as typeof twinJson;
    assert.deepEqual(doc.packages.map((p) => spdxPackageSchema.parse(p)), twinJson.packages.map((p) => spdxPackageSchema.parse(p)));
    assert.deepEqual(doc.relationships, twinJson.relationships);
    assert.deepEqual(doc.hasExtractedLicensingInfos, twinJson.hasExtractedLicensingInfos);
    assert.equal(doc.name, "app");
  });
});
