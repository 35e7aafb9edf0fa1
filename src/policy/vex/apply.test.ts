import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FindingPackage, ScanReport, VulnerabilityFinding } from "../../model/finding.js";
import { findingFromOsv, lodashAdvisory, lodashPkg, lodashTemplateAdvisory, renamed, requestsAdvisory, requestsPkg, ubuntuCurlVex } from "../testing.js";
import { applyVex } from "./apply.js";
import { loadVex, parseVex } from "./load.js";
import { applyVexToReport } from "./report.js";

const testdata = join(import.meta.dirname, "testdata");
const requestsVex = loadVex(join(testdata, "requests.openvex.json"));
const laterAffected = loadVex(join(testdata, "requests-affected-later.openvex.json"));
const imageVex = loadVex(join(testdata, "image.openvex.json"));
const cdx = loadVex(join(testdata, "lodash.cdx.json"));

const requests = findingFromOsv(requestsAdvisory, requestsPkg); // PYSEC-2023-74 / CVE-2023-32681 / GHSA-j8r2-6x86-q33q
const lodash = findingFromOsv(lodashAdvisory, lodashPkg); // GHSA-p6mc-m468-83gw / CVE-2020-8203
const lodashTemplate = findingFromOsv(lodashTemplateAdvisory, lodashPkg); // GHSA-35jh-r3h4-6jhm / CVE-2021-23337
const withPkg = (f: VulnerabilityFinding, pkg: Partial<FindingPackage>): VulnerabilityFinding => ({ ...f, package: { ...f.package, ...pkg } });
const flags = (r: { findings: VulnerabilityFinding[] }) => r.findings.map((f) => f.suppressed !== undefined);

describe("applyVex: OpenVEX", () => {
  it("not_affected suppresses the finding under its PYSEC ID through the CVE alias, keeping justification and impact", () => {
    const [f] = applyVex([requests], [requestsVex]).findings;
    assert.deepEqual(f?.suppressed, {
      kind: "vex",
      justification: "vulnerable_code_not_in_execute_path",
      reason: "The service never sends requests through an HTTPS proxy, so Proxy-Authorization is never set.",
      source: requestsVex.id,
    });
    assert.deepEqual(flags(applyVex([renamed(requests, "GHSA-j8r2-6x86-q33q")], [requestsVex])), [true]);
  });

  it("does not suppress another version, another package or another vulnerability", () => {
    const newer = withPkg(requests, { version: "2.28.0", purl: "pkg:pypi/requests@2.28.0" });
    const other = { ...requests, id: "PYSEC-2018-28", aliases: ["CVE-2018-18074"] };
    assert.deepEqual(flags(applyVex([newer, lodash, other], [requestsVex])), [false, false, false]);
  });

  it("a later affected statement overrides an earlier not_affected one, whatever the document order", () => {
    assert.deepEqual(flags(applyVex([requests], [requestsVex, laterAffected])), [false]);
    assert.deepEqual(flags(applyVex([requests], [laterAffected, requestsVex])), [false]);
    const backdated = parseVex(
      JSON.stringify({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.com/vex/old",
        author: "Platform Security",
        timestamp: "2023-06-01T00:00:00Z",
        version: 1,
        statements: [{ vulnerability: { name: "CVE-2023-32681" }, products: [{ "@id": "pkg:pypi/requests@2.25.1" }], status: "affected", action_statement: "upgrade" }],
      }),
      "old.json",
    );
    assert.deepEqual(flags(applyVex([requests], [requestsVex, backdated])), [true]);
  });

  it("an image statement with subcomponents applies to those subcomponents only", () => {
    const lodashEs = withPkg(lodash, { name: "lodash-es", purl: "pkg:npm/lodash-es@4.17.15" });
    const r = applyVex([lodash, renamed(lodash, "CVE-2020-8203"), lodashEs], [imageVex]);
    assert.deepEqual(flags(r), [true, true, false]);
    assert.equal(r.findings[0]?.suppressed?.reason, "zipObjectDeep is never called; lodash is only used for debounce and cloneDeep.");
  });

  it("under_investigation does not suppress", () => {
    assert.deepEqual(flags(applyVex([lodashTemplate], [imageVex])), [false]);
  });

  it("with imagePurls, an image statement applies only to the image it names", () => {
    const thisImage = "pkg:oci/shop-frontend@sha256%3A9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08?repository_url=registry.example.com%2Fshop%2Ffrontend&tag=1.4.2";
    const otherImage = "pkg:oci/shop-frontend@sha256%3A0000000000000000000000000000000000000000000000000000000000000000?repository_url=registry.example.com%2Fshop%2Ffrontend";
    assert.deepEqual(flags(applyVex([lodash], [imageVex], { imagePurls: [thisImage] })), [true]);
    assert.deepEqual(flags(applyVex([lodash], [imageVex], { imagePurls: [otherImage] })), [false]);
  });
});

describe("applyVex: Ubuntu's published VEX (CVE-2023-38545, curl)", () => {
  const ubuntu = loadVex(ubuntuCurlVex);
  const curl = (version: string, distro: string): VulnerabilityFinding => ({
    id: "CVE-2023-38545",
    aliases: [],
    package: { name: "curl", version, type: "deb", class: "os", purl: `pkg:deb/ubuntu/curl@${version}?arch=amd64&distro=${distro}` },
    installedVersion: version,
    fixedVersions: [],
    status: "affected",
    severity: "HIGH",
    cvss: [],
    cwes: [],
    references: [],
  });

  it("fixed and not_affected suppress, affected does not; codenames match Dredge's distro qualifiers", () => {
    const r = applyVex([curl("7.81.0-1ubuntu1.24", "ubuntu-22.04"), curl("7.47.0-1ubuntu2.19", "ubuntu-16.04"), curl("7.35.0-1ubuntu2.20+esm19", "ubuntu-14.04"), curl("7.81.0-1ubuntu1.10", "ubuntu-22.04")], [ubuntu]);
    assert.deepEqual(flags(r), [true, false, true, false]);
    assert.equal(r.findings[2]?.suppressed?.justification, "vulnerable_code_not_present");
    assert.equal(r.findings[0]?.suppressed?.justification, undefined);
  });

  it("a qualifier the statement has must match: another arch is not covered", () => {
    const s390 = curl("7.81.0-1ubuntu1.24", "ubuntu-22.04");
    s390.package.purl = s390.package.purl.replace("arch=amd64", "arch=riscv64x");
    assert.deepEqual(flags(applyVex([s390], [ubuntu])), [false]);
  });
});

describe("applyVex: CycloneDX and mixed documents", () => {
  it("not_affected suppresses through the GHSA reference; exploitable does not", () => {
    const r = applyVex([lodash, requests], [cdx]);
    assert.deepEqual(flags(r), [true, false]);
    assert.deepEqual(r.findings[0]?.suppressed, { kind: "vex", justification: "code_not_reachable", reason: "zipObjectDeep is never called by the frontend.", source: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79" });
  });

  it("the later CycloneDX resolved statement overrides the earlier OpenVEX under_investigation", () => {
    assert.deepEqual(flags(applyVex([lodashTemplate], [imageVex, cdx])), [true]);
    assert.deepEqual(flags(applyVex([lodashTemplate], [cdx, imageVex])), [true]);
  });

  it("returns the documents' warnings and leaves findings suppressed earlier alone", () => {
    const ignored: VulnerabilityFinding = { ...lodash, suppressed: { kind: "ignorefile", source: ".dredgeignore:3" } };
    const r = applyVex([ignored], [cdx]);
    assert.equal(r.findings[0], ignored);
    assert.deepEqual(r.warnings, cdx.warnings);
  });

  it("applyVexToReport suppresses across targets without touching the input report", () => {
    const t = { target: "srv/app/package-lock.json", class: "lang-pkgs" as const, type: "npm", vulnerabilities: [lodash, lodashTemplate], misconfigurations: [], secrets: [], licenses: [] };
    const report = { schemaVersion: 1, createdAt: "2026-11-27T00:00:00Z", tool: { name: "dredge", version: "0" }, artifact: { name: "x", type: "container_image", repoTags: [], repoDigests: [], layers: [] }, targets: [t], warnings: [] } satisfies ScanReport;
    const out = applyVexToReport(report, [imageVex]);
    assert.deepEqual(out.report.targets[0]?.vulnerabilities.map((f) => !!f.suppressed), [true, false]);
    assert.equal(report.targets[0]?.vulnerabilities[0]?.suppressed, undefined);
  });
});
