import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PackageURL } from "packageurl-js";
import type { OSInfo, Package } from "../model/package.js";
import { apkPurl, debPurl, distroQualifier, osPackagePurl, rpmPurl } from "./index.js";

const pkg = (p: Partial<Package> & Pick<Package, "type" | "name" | "version">): Package => ({ purl: "", locations: [], ...p });

describe("OS package purls", () => {
  const table: [string, Package, OSInfo | undefined, string][] = [
    ["deb with upstream", pkg({ type: "deb", name: "libssl3", version: "3.0.15-1~deb12u1", arch: "amd64", source: { name: "openssl", version: "3.0.15-1~deb12u1" } }), { family: "debian", name: "12" }, "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl"],
    ["deb, source = name: no upstream", pkg({ type: "deb", name: "bash", version: "5.2.15-2+b7", arch: "amd64", source: { name: "bash", version: "5.2.15-2" } }), { family: "debian", name: "12" }, "pkg:deb/debian/bash@5.2.15-2+b7?arch=amd64&distro=debian-12"],
    ["deb ubuntu, epoch in version", pkg({ type: "deb", name: "libgmp10", version: "2:6.2.1+dfsg-3ubuntu1", arch: "amd64" }), { family: "ubuntu", name: "22.04" }, "pkg:deb/ubuntu/libgmp10@2:6.2.1+dfsg-3ubuntu1?arch=amd64&distro=ubuntu-22.04"],
    ["deb provisional", pkg({ type: "deb", name: "tzdata", version: "2024a-0+deb12u1", arch: "all" }), undefined, "pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all"],
    ["apk alpine", pkg({ type: "apk", name: "musl", version: "1.2.3-r0", arch: "x86_64", source: { name: "musl", version: "1.2.3-r0" } }), { family: "alpine", name: "3.16.2" }, "pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=3.16.2"],
    ["apk wolfi with origin", pkg({ type: "apk", name: "libcrypto3", version: "3.3.2-r0", arch: "aarch64", source: { name: "openssl", version: "3.3.2-r0" } }), { family: "wolfi", name: "20230201" }, "pkg:apk/wolfi/libcrypto3@3.3.2-r0?arch=aarch64&distro=wolfi-20230201&upstream=openssl"],
    ["rpm rhel with epoch", pkg({ type: "rpm", name: "openssl-libs", version: "3.0.1", release: "41.el9_0", epoch: 1, arch: "x86_64" }), { family: "redhat", name: "9.0" }, "pkg:rpm/redhat/openssl-libs@3.0.1-41.el9_0?arch=x86_64&distro=rhel-9.0&epoch=1"],
    ["rpm epoch 0 omitted", pkg({ type: "rpm", name: "bash", version: "5.1.8", release: "9.el9", epoch: 0, arch: "x86_64" }), { family: "rocky", name: "9.4" }, "pkg:rpm/rocky/bash@5.1.8-9.el9?arch=x86_64&distro=rocky-9.4"],
    ["rpm alma / amazon / mariner ids", pkg({ type: "rpm", name: "zlib", version: "1.2.11", release: "1", arch: "x86_64" }), { family: "alma", name: "8.10" }, "pkg:rpm/almalinux/zlib@1.2.11-1?arch=x86_64&distro=almalinux-8.10"],
    ["rpm provisional, namespace from vendor", pkg({ type: "rpm", name: "zlib", version: "1.2.11", release: "1", arch: "x86_64", vendor: "SUSE LLC <https://www.suse.com/>" }), undefined, "pkg:rpm/suse/zlib@1.2.11-1?arch=x86_64"],
  ];
  for (const [title, p, os, want] of table) {
    it(title, () => {
      assert.equal(osPackagePurl(p, os), want);
      const parsed = PackageURL.fromString(want);
      assert.deepEqual([parsed.name, parsed.version], [p.name, p.release ? `${p.version}-${p.release}` : p.version], "round trip");
    });
  }

  it("the per-type functions and the distro qualifier", () => {
    const p = pkg({ type: "rpm", name: "a", version: "1", release: "2" });
    assert.equal(rpmPurl(p, { family: "amazon", name: "2023" }), "pkg:rpm/amzn/a@1-2?distro=amzn-2023");
    assert.equal(rpmPurl(p, { family: "cbl-mariner", name: "2.0" }), "pkg:rpm/mariner/a@1-2?distro=mariner-2.0");
    assert.equal(debPurl(pkg({ type: "deb", name: "a", version: "1" })), "pkg:deb/debian/a@1");
    assert.equal(apkPurl(pkg({ type: "apk", name: "a", version: "1-r0" })), "pkg:apk/alpine/a@1-r0");
    assert.equal(distroQualifier({ family: "oracle", name: "8.9" }), "ol-8.9");
    assert.equal(distroQualifier(undefined), "");
  });
});
