/** Tables: purl → package fields, distro qualifiers / OS components → OSInfo, SPDX licence splitting. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { packageFromPurl, parsePurl } from "./purl-package.js";
import { osFromDistroQualifier, osInfo } from "./os.js";
import { splitAnd } from "./spdx-fields.js";
import { parseSbom } from "./index.js";
import { silentLogger } from "../util/log.js";

const pkg = (purl: string) => packageFromPurl(purl, parsePurl(purl)!);

describe("purl → Package", () => {
  const table: [string, Record<string, unknown> | undefined][] = [
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", { type: "maven", name: "org.apache.logging.log4j:log4j-core", version: "2.14.1" }],
    ["pkg:golang/github.com/gin-gonic/gin@v1.9.0", { type: "golang", name: "github.com/gin-gonic/gin", version: "v1.9.0" }],
    ["pkg:npm/%40babel/core@7.24.5", { type: "npm", name: "@babel/core", version: "7.24.5" }],
    ["pkg:composer/laravel/framework@10.0.0", { type: "composer", name: "laravel/framework", version: "10.0.0" }],
    ["pkg:pypi/django@4.2.1", { type: "pypi", name: "django", version: "4.2.1" }],
    ["pkg:cargo/serde@1.0.190", { type: "cargo", name: "serde", version: "1.0.190" }],
    ["pkg:nuget/Newtonsoft.Json@13.0.1", { type: "nuget", name: "Newtonsoft.Json", version: "13.0.1" }],
    ["pkg:hex/phoenix@1.7.0", { type: "hex", name: "phoenix", version: "1.7.0" }],
    ["pkg:pub/http@1.1.0", { type: "pub", name: "http", version: "1.1.0" }],
    ["pkg:conan/openssl@3.0.0", { type: "conan", name: "openssl", version: "3.0.0" }],
    ["pkg:gem/rails@7.0.0?platform=ruby", { type: "gem", name: "rails", version: "7.0.0" }],
    ["pkg:generic/redis@7.2.3", { type: "binary", name: "redis", version: "7.2.3" }],
    ["pkg:rpm/redhat/openssl-libs@3.0.1-41.el9_0?arch=x86_64&epoch=1&distro=rhel-9.0", { type: "rpm", name: "openssl-libs", version: "3.0.1", release: "41.el9_0", epoch: 1, arch: "x86_64" }],
    ["pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&upstream=curl-7.50.3-1.fc25.src.rpm", { type: "rpm", name: "curl", version: "7.50.3", release: "1.fc25", arch: "i386", source: { name: "curl", version: "7.50.3", release: "1.fc25" } }],
    ["pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl", { type: "deb", name: "libssl3", version: "3.0.15-1~deb12u1", arch: "amd64", source: { name: "openssl", version: "3.0.15-1~deb12u1" } }],
    ["pkg:deb/ubuntu/login@4.8.1-2ubuntu2?arch=amd64&epoch=1", { type: "deb", name: "login", version: "1:4.8.1-2ubuntu2", arch: "amd64" }],
    ["pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=3.16.2", { type: "apk", name: "musl", version: "1.2.3-r0", arch: "x86_64" }],
    ["pkg:k8s/k8s.io%2Fapiserver@1.27.0", undefined],
    ["pkg:oci/alpine@sha256%3Aabc", undefined],
    ["pkg:github/actions/checkout@v4", undefined],
  ];
  for (const [purl, want] of table) {
    it(purl, () => {
      const got = pkg(purl);
      if (want === undefined) return assert.equal(got, undefined);
      const pick = Object.fromEntries(Object.keys(want).map((k) => [k, (got as unknown as Record<string, unknown>)[k]]));
      assert.deepEqual(pick, want);
      assert.equal(got?.purl, purl);
    });
  }
});

describe("OS", () => {
  const q: [string, string | undefined, unknown][] = [
    ["debian-12", "debian", { family: "debian", name: "12" }],
    ["debian-10.2", "debian", { family: "debian", name: "10" }],
    ["centos-7.6.1810", "centos", { family: "centos", name: "7.6.1810" }],
    ["rhel-9.0", "redhat", { family: "redhat", name: "9.0" }],
    ["3.16.2", "alpine", { family: "alpine", name: "3.16.2" }],
    ["alpine-3.18.4", "alpine", { family: "alpine", name: "3.18.4" }],
    ["ubuntu-22.04", "ubuntu", { family: "ubuntu", name: "22.04" }],
    ["amzn-2", "amzn", { family: "amazon", name: "2" }],
    ["ol-8.9", "oracle", { family: "oracle", name: "8.9" }],
    ["opensuse.leap-15.4", "opensuse", { family: "opensuse-leap", name: "15.4" }],
    ["mariner-2.0", "mariner", { family: "cbl-mariner", name: "2.0" }],
    ["almalinux-9.2", "almalinux", { family: "alma", name: "9.2" }],
    ["plan9-4", undefined, undefined],
  ];
  for (const [distro, ns, want] of q) it(`distro=${distro}`, () => assert.deepEqual(osFromDistroQualifier(distro, ns), want));
  it("OS components (Trivy names, Dredge family ids)", () => {
    assert.deepEqual(osInfo("amazon", "2 (Karoo)"), { family: "amazon", name: "2" });
    assert.deepEqual(osInfo("redhat", "8.6"), { family: "redhat", name: "8.6" });
    assert.deepEqual(osInfo("rhel", "8.6"), { family: "redhat", name: "8.6" });
    assert.deepEqual(osInfo("wolfi", "20230201"), { family: "wolfi", name: "20230201" });
    assert.equal(osInfo("windows", "10"), undefined);
  });
});

describe("SPDX licence expressions", () => {
  it("split at top-level AND only", () => {
    assert.deepEqual(splitAnd("MIT AND (GPL-2.0-only OR BSD-3-Clause) AND LicenseRef-x"), ["MIT", "GPL-2.0-only OR BSD-3-Clause", "LicenseRef-x"]);
    assert.deepEqual(splitAnd("(MIT) AND (ISC)"), ["MIT", "ISC"]);
    assert.deepEqual(splitAnd("MIT OR ISC"), ["MIT OR ISC"]);
  });
});

describe("CycloneDX spec versions 1.2–1.7", () => {
  for (const v of ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]) {
    it(v, async () => {
      const doc = {
        bomFormat: "CycloneDX", specVersion: v, version: 1,
        metadata: { tools: [{ vendor: "x", name: "y" }], component: { type: "container", name: "img" } },
        components: [{ type: "library", name: "a", version: "1", purl: "pkg:npm/a@1", licenses: [{ expression: "MIT OR Apache-2.0" }] }],
      };
      const inv = await parseSbom(Buffer.from(JSON.stringify(doc)), `bom-${v}.json`, silentLogger);
      assert.deepEqual(inv.packages.map((p) => [p.name, p.licenses]), [["a", ["MIT OR Apache-2.0"]]]);
    });
  }
});

describe("tool properties", () => {
  const one = async (component: object) => {
    const doc = { bomFormat: "CycloneDX", specVersion: "1.5", metadata: { component: { type: "container", name: "img" } }, components: [component] };
    return (await parseSbom(Buffer.from(JSON.stringify(doc)), "props.json", silentLogger)).packages[0]!;
  };
  it("Syft rpm sourceRpm, with the epoch of the package", async () => {
    const p = await one({
      type: "library", name: "openssl-libs", version: "1:3.0.7-25.el9_3", purl: "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&epoch=1&upstream=openssl-3.0.7-25.el9_3.src.rpm&distro=rocky-9.3",
      properties: [{ name: "syft:metadata:sourceRpm", value: "openssl-3.0.7-25.el9_3.src.rpm" }, { name: "syft:location:0:path", value: "/var/lib/rpm/rpmdb.sqlite" }],
    });
    assert.deepEqual(p.source, { name: "openssl", version: "3.0.7", release: "25.el9_3", epoch: 1 });
    assert.deepEqual([p.version, p.release, p.epoch], ["3.0.7", "25.el9_3", 1]);
  });
  it("Dredge properties win over Trivy's and the purl's; relative Trivy paths become absolute in images", async () => {
    const p = await one({
      type: "library", name: "libssl3", purl: "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?upstream=wrong",
      licenses: [{ license: { name: "NOASSERTION" } }],
      properties: [
        { name: "aquasecurity:trivy:SrcName", value: "trivy-src" },
        { name: "dredge:package:source:name", value: "openssl" },
        { name: "dredge:package:source:version", value: "3.0.15-1~deb12u1" },
        { name: "dredge:package:arch", value: "amd64" },
        { name: "aquasecurity:trivy:FilePath", value: "var/lib/dpkg/status" },
        { name: "dredge:layer:index", value: "3" },
        { name: "dredge:layer:diffID", value: "sha256:" + "1".repeat(64) },
      ],
    });
    assert.deepEqual(p.source, { name: "openssl", version: "3.0.15-1~deb12u1" });
    assert.equal(p.arch, "amd64");
    assert.equal(p.licenses, undefined);
    assert.deepEqual(p.locations.map((l) => [l.path, l.layer?.index]), [["/var/lib/dpkg/status", 3]]);
  });
});

describe("dependencies", () => {
  it("CycloneDX dependencies and SPDX DEPENDS_ON/DEPENDENCY_OF → dependsOn names", async () => {
    const cdxDoc = {
      bomFormat: "CycloneDX", specVersion: "1.6",
      components: [
        { "bom-ref": "a", type: "library", name: "express", purl: "pkg:npm/express@4.18.2" },
        { "bom-ref": "b", type: "library", name: "debug", purl: "pkg:npm/debug@2.6.9" },
      ],
      dependencies: [{ ref: "a", dependsOn: ["b", "missing"] }, { ref: "b", dependsOn: [] }, { ref: "root-app", dependsOn: ["a"] }, "junk"],
    };
    const c = await parseSbom(Buffer.from(JSON.stringify(cdxDoc)), "deps.cdx.json", silentLogger);
    assert.deepEqual(c.packages.map((p) => [p.name, p.dependsOn]), [["express", ["debug"]], ["debug", undefined]]);
    const ref = (purl: string) => [{ referenceType: "purl", referenceLocator: purl }];
    const spdxDoc = {
      spdxVersion: "SPDX-2.3",
      packages: [
        { SPDXID: "SPDXRef-a", name: "express", externalRefs: ref("pkg:npm/express@4.18.2") },
        { SPDXID: "SPDXRef-b", name: "debug", externalRefs: ref("pkg:npm/debug@2.6.9") },
        { SPDXID: "SPDXRef-c", name: "ms", externalRefs: ref("pkg:npm/ms@2.0.0") },
      ],
      relationships: [
        { spdxElementId: "SPDXRef-a", relationshipType: "DEPENDS_ON", relatedSpdxElement: "SPDXRef-b" },
        { spdxElementId: "SPDXRef-c", relationshipType: "DEPENDENCY_OF", relatedSpdxElement: "SPDXRef-b" },
      ],
    };
    const s = await parseSbom(Buffer.from(JSON.stringify(spdxDoc)), "deps.spdx.json", silentLogger);
    assert.deepEqual(s.packages.map((p) => [p.name, p.dependsOn]), [["express", ["debug"]], ["debug", ["ms"]], ["ms", undefined]]);
  });
});
