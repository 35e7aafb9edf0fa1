/**
 * The distro matcher's two per-distro hooks together: `narrow` (Oracle: a record's ranges cut to the
 * installed build's arch / Ksplice-ness) runs before the vendor preference (the rows of the first of
 * `vendorSources` that has any: Ubuntu's CVE tracker over Ubuntu's OSV).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { AdvisoryStore } from "../../db/store.js";
import type { AffectedRecord, SourceName, VersionRange } from "../../db/model.js";
import type { OSInfo, Package } from "../../model/package.js";
import { distroMatcher } from "./matcher.js";

const rpmRange = (fixed: string, qualifiers?: VersionRange["qualifiers"]): VersionRange => ({
  type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { fixed }], ...(qualifiers ? { qualifiers } : {}),
});

function row(id: string, source: SourceName, namespace: string, packageName: string, ranges: VersionRange[], status: AffectedRecord["status"] = "fixed"): AffectedRecord {
  const fixedVersions = ranges.flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : [])));
  return { vulnerabilityId: id, source, namespace, packageName, status, ranges, versions: [], fixedVersions };
}

/** Only `lookup` is used by the matcher; the rest is never called. */
function storeOf(rows: readonly AffectedRecord[]): AdvisoryStore {
  const unused = (): never => {
    throw new Error("not used by the distro matcher");
  };
  return {
    lookup: (namespace, name) => rows.filter((r) => r.namespace === namespace && r.packageName === name),
    vulnerability: unused, aliasGroup: unused, kev: unused, epss: unused, metadata: unused, namespaces: unused, close: unused,
  };
}

function match(os: OSInfo, pkg: Package, rows: readonly AffectedRecord[]): AffectedRecord[] {
  return distroMatcher.match(pkg, { store: storeOf(rows), os, warn: () => {} }).map((m) => m.record);
}

describe("distro matcher: narrowing and vendor preference", () => {
  const ol8: OSInfo = { family: "oracle", name: "8.10" };
  const openssl = (release: string, arch = "x86_64"): Package => ({
    type: "rpm", name: "openssl-libs", epoch: 1, version: "1.1.1k", release, arch, vendor: "Oracle America",
    purl: `pkg:rpm/ol/openssl-libs@1.1.1k-${release}`, locations: [],
  });

  it("Oracle: keeps only the ranges of the installed build, and fixes from them", () => {
    const perArch = row("ELSA-2024-0001", "oracle", "oracle:8", "openssl-libs", [
      rpmRange("1:1.1.1k-13.el8_9", { arch: ["x86_64"] }),
      rpmRange("1:1.1.1k-14.el8_9", { arch: ["aarch64"] }),
    ]);
    const [x86] = match(ol8, openssl("12.el8_9"), [perArch]);
    assert.deepEqual(x86?.fixedVersions, ["1:1.1.1k-13.el8_9"]);
    assert.equal(x86?.ranges.length, 1);
    const [arm] = match(ol8, openssl("12.el8_9", "aarch64"), [perArch]);
    assert.deepEqual(arm?.fixedVersions, ["1:1.1.1k-14.el8_9"]);
    assert.deepEqual(match(ol8, openssl("13.el8_9"), [perArch]), [], "fixed on x86_64 though not on aarch64");
  });

  it("Oracle: a Ksplice fix never reaches an ordinary build, nor an ordinary fix a Ksplice build", () => {
    const ksplice = row("ELSA-2024-0002", "oracle", "oracle:8", "openssl-libs", [rpmRange("1:1.1.1k-99.ksplice1.el8", { ksplice: true })]);
    const ordinary = row("ELSA-2024-0003", "oracle", "oracle:8", "openssl-libs", [rpmRange("1:1.1.1k-99.el8")]);
    assert.deepEqual(match(ol8, openssl("12.el8_9"), [ksplice, ordinary]).map((r) => r.vulnerabilityId), ["ELSA-2024-0003"]);
    assert.deepEqual(match(ol8, openssl("12.ksplice1.el8"), [ksplice, ordinary]).map((r) => r.vulnerabilityId), ["ELSA-2024-0002"]);
  });

  it("Oracle: a vendor row narrowed away leaves no match for its id", () => {
    const ksplice = row("CVE-2024-0004", "oracle", "oracle:8", "openssl-libs", [rpmRange("1:1.1.1k-99.ksplice1.el8", { ksplice: true })]);
    assert.deepEqual(match(ol8, openssl("12.el8_9"), [ksplice]), []);
  });

  it("Ubuntu: the CVE tracker's row wins over Ubuntu's OSV row of the same id; OSV alone still counts", () => {
    const jammy: OSInfo = { family: "ubuntu", name: "22.04" };
    const pkg: Package = { type: "deb", name: "curl", version: "7.81.0-1ubuntu1.15", source: { name: "curl", version: "7.81.0-1ubuntu1.15" }, purl: "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.15", locations: [] };
    const deb = (fixed: string): VersionRange => ({ type: "ecosystem", scheme: "deb", events: [{ introduced: "0" }, { fixed }] });
    const rows = [
      row("UBUNTU-CVE-2024-1000", "ubuntu", "ubuntu:22.04", "curl", [deb("7.81.0-1ubuntu1.16")]),
      row("UBUNTU-CVE-2024-1000", "ubuntu-tracker", "ubuntu:22.04", "curl", [], "under_investigation"),
      row("UBUNTU-CVE-2024-2000", "ubuntu", "ubuntu:22.04", "curl", [deb("7.81.0-1ubuntu1.17")]),
    ];
    const got = match(jammy, pkg, rows).map((r) => [r.vulnerabilityId, r.source, r.status]);
    assert.deepEqual(got, [
      ["UBUNTU-CVE-2024-1000", "ubuntu-tracker", "under_investigation"],
      ["UBUNTU-CVE-2024-2000", "ubuntu", "fixed"],
    ]);
  });
});
