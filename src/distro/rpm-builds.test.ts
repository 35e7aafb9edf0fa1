/** Range qualifiers against installed rpms (records written in the shape the `oracle` feed stores). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AffectedRecord, VersionRange } from "../db/model.js";
import type { Package } from "../model/package.js";
import { affects } from "../matcher/evaluate.js";
import { oracle } from "./oracle/index.js";

const range = (fixed: string, qualifiers?: VersionRange["qualifiers"]): VersionRange => ({
  type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { fixed }], ...(qualifiers ? { qualifiers } : {}),
});
const record = (...ranges: VersionRange[]): AffectedRecord => ({
  vulnerabilityId: "CVE-2024-1", source: "oracle", namespace: "oracle:8", packageName: "p", status: "fixed", ranges, versions: [],
  fixedVersions: ranges.map((r) => r.events[1]!.fixed!),
});
const pkg = (release: string, extra: Partial<Package> = {}): Package => ({
  type: "rpm", name: "p", version: "1.0", release, purl: "pkg:rpm/oracle/p", locations: [{ path: "/var/lib/rpm" }], ...extra,
});
/** Narrowed by the Oracle MatchSpec, then evaluated: is the package affected, and at which fixes? */
function verdict(r: AffectedRecord, p: Package): string[] | undefined {
  const n = oracle.narrow!(r, p);
  if (!n || !affects(n, "rpm", `${p.version}-${p.release}`)) return undefined;
  return n.fixedVersions;
}

describe("Oracle: which builds a range is about", () => {
  it("per-arch fixes: each architecture compares with its own; noarch with any", () => {
    const r = record(range("0:1.0-3.el8", { arch: ["x86_64"] }), range("0:1.0-2.el8", { arch: ["aarch64"] }));
    assert.deepEqual(verdict(r, pkg("2.el8", { arch: "x86_64" })), ["0:1.0-3.el8"]);
    assert.equal(verdict(r, pkg("2.el8", { arch: "aarch64" })), undefined);
    assert.deepEqual(verdict(r, pkg("1.el8", { arch: "aarch64" })), ["0:1.0-2.el8"]);
    assert.deepEqual(verdict(r, pkg("2.el8", { arch: "noarch" })), ["0:1.0-3.el8", "0:1.0-2.el8"]);
  });

  it("a Ksplice fix never matches an ordinary build, and an ordinary fix never a Ksplice build", () => {
    const ksplice = record(range("2:1.0-15.ksplice1.el8", { ksplice: true }));
    assert.equal(verdict(ksplice, pkg("14.el8", { epoch: 1 })), undefined);
    assert.deepEqual(verdict(ksplice, pkg("14.ksplice1.el8")), ["2:1.0-15.ksplice1.el8"]);
    const ordinary = record(range("0:1.0-20.el8"));
    assert.equal(verdict(ordinary, pkg("14.ksplice1.el8")), undefined);
    assert.deepEqual(verdict(ordinary, pkg("14.el8")), ["0:1.0-20.el8"]);
  });

  it("module streams: only packages of that stream (by modularity label, else a module release)", () => {
    const r = record(range("0:1.0-65.module+el8.10.0+1+abc", { module: "httpd:2.4" }));
    assert.ok(verdict(r, pkg("64.module+el8.9.0+1+abc", { modularityLabel: "httpd:2.4:8090:abc" })));
    assert.equal(verdict(r, pkg("64.module+el8.9.0+1+abc", { modularityLabel: "nginx:1.20:8090:abc" })), undefined);
    assert.ok(verdict(r, pkg("64.module+el8.9.0+1+abc")));
    assert.equal(verdict(r, pkg("64.el8")), undefined);
  });

  it("records without ranges (not affected, no fix) are left as they are", () => {
    const r: AffectedRecord = { ...record(), status: "affected" };
    assert.equal(oracle.narrow!(r, pkg("1.el8")), r);
  });
});
