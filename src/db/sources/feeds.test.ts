import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { feedsDir } from "../../../test/helpers/feed-server.js";
import { alpineSource, secfixIds } from "./alpine/index.js";
import { parseAdvisoryList, advisoryKey } from "./debian/lists.js";
import { debianSource } from "./debian/index.js";
import { transformCsaf } from "./redhat/transform.js";
import { epssSource } from "./epss/index.js";
import { transformNvd } from "./nvd/transform.js";
import { MalformedRecord } from "./types.js";

const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} } };
const samples = join(feedsDir, "format-samples");

describe("alpine", () => {
  it("splits and repairs secfixes ids, drops junk", () => {
    assert.deepEqual(secfixIds("CVE-2019-1 CVE-2019-2"), ["CVE-2019-1", "CVE-2019-2"]);
    assert.deepEqual(secfixIds("CVE_2019-5021"), ["CVE-2019-5021"]);
    assert.deepEqual(secfixIds("CVE 2018-1000001"), ["CVE-2018-1000001"]);
    assert.deepEqual(secfixIds("XSA-251"), ["XSA-251"]);
    assert.deepEqual(secfixIds("(see bug)"), []);
  });
  it("treats fixed version 0 as never affected", () => {
    const out = alpineSource.transform({ id: "x", origin: "x", data: { branch: "v3.9", repo: "main", pkg: { pkg: { name: "p", secfixes: { "0": ["CVE-2020-1"], "1.2-r0": ["CVE-2020-2"] } } } } }, ctx);
    assert.deepEqual(out.affected.map((a) => [a.vulnerabilityId, a.status, a.namespace]), [["CVE-2020-1", "not_affected", "alpine:3.9"], ["CVE-2020-2", "fixed", "alpine:3.9"]]);
  });
});

describe("debian", () => {
  it("parses the DSA list into (release, package, CVE) → advisory", () => {
    const idx = parseAdvisoryList(readFileSync(join(feedsDir, "debian-security-tracker/DSA-list.txt"), "utf8"));
    assert.deepEqual(idx.get(advisoryKey("bullseye", "xorg-server", "CVE-2023-1393")), ["DSA-5380-1"]);
    assert.ok(idx.get(advisoryKey("bullseye", "xen", "CVE-2022-42331"))?.includes("DSA-5378-1"));
  });
  it("maps tracker statuses, no-dsa reasons and unimportant urgency", () => {
    const entry = {
      description: "d",
      releases: {
        bookworm: { status: "open", urgency: "unimportant", nodsa: "Minor issue", nodsa_reason: "ignored" },
        bullseye: { status: "open", urgency: "low", nodsa: "Minor issue", nodsa_reason: "postponed" },
        buster: { status: "resolved", fixed_version: "0", urgency: "unimportant" },
        trixie: { status: "resolved", fixed_version: "1.2-1", urgency: "medium**" },
        sid: { status: "undetermined" },
      },
    };
    const out = debianSource.transform({ id: "p/CVE-1", origin: "t", data: { pkg: "p", cve: "CVE-2024-1", entry, advisories: { trixie: ["DSA-1-1"] } } }, ctx);
    const by = Object.fromEntries(out.affected.map((a) => [a.namespace, a]));
    assert.equal(by["debian:12"]?.status, "will_not_fix");
    assert.equal(by["debian:12"]?.urgency, "unimportant");
    assert.equal(by["debian:11"]?.status, "fix_deferred");
    assert.equal(by["debian:10"]?.status, "not_affected");
    assert.equal(by["debian:13"]?.status, "fixed");
    assert.equal(by["debian:13"]?.urgency, "medium");
    assert.deepEqual(by["debian:13"]?.advisories, ["DSA-1-1"]);
    assert.equal(by["debian:sid"]?.status, "affected");
    assert.throws(() => debianSource.transform({ id: "p/CVE-2", origin: "t", data: { pkg: "p", cve: "CVE-2", entry: { releases: { x: { status: "weird" } } }, advisories: {} } }, ctx), MalformedRecord);
  });
});

describe("redhat CSAF", () => {
  const doc = JSON.parse(readFileSync(join(samples, "rhel/csaf/advisories/2024/rhsa-2024_6163.json"), "utf8")) as {
    vulnerabilities: { product_status: Record<string, string[]>; remediations: { category: string; details: string; product_ids: string[] }[] }[];
  };
  it("maps known_affected with 'Will not fix' / 'Fix deferred' / 'Out of support scope' remediations", () => {
    const v = doc.vulnerabilities[0];
    assert.ok(v);
    const ids = v.product_status.fixed ?? [];
    const [a, b, c] = ids.filter((id) => id.endsWith(".src"));
    assert.ok(a && b && c);
    v.product_status = { known_affected: [a, b, c] };
    v.remediations = [
      { category: "no_fix_planned", details: "Will not fix", product_ids: [a] },
      { category: "none_available", details: "Fix deferred", product_ids: [b] },
      { category: "no_fix_planned", details: "Out of support scope", product_ids: [c] },
    ];
    const out = transformCsaf({ id: "x", origin: "x", data: doc });
    assert.deepEqual(out.affected.map((r) => r.status).sort(), ["end_of_life", "fix_deferred", "will_not_fix"]);
    assert.ok(out.affected.every((r) => r.namespace === "redhat:9" && r.packageName === "python3.9"));
    assert.equal(out.vulnerabilities[0]?.id, "CVE-2024-8088");
  });
});

describe("epss / nvd", () => {
  it("rejects a bad EPSS row", () => {
    assert.throws(() => epssSource.transform({ id: "l", origin: "l", data: { line: "CVE-2020-1,abc,0.5" } }, ctx), MalformedRecord);
    assert.deepEqual(epssSource.transform({ id: "l", origin: "l", data: { line: "CVE-2020-1,0.5,0.9" } }, ctx).epss, [{ cveId: "CVE-2020-1", score: 0.5, percentile: 0.9 }]);
  });
  it("reads NVD metrics, CWE and marks rejected CVEs withdrawn", () => {
    const page = JSON.parse(readFileSync(join(samples, "nvd/single-entry.json"), "utf8")) as { vulnerabilities: { cve: Record<string, unknown> }[] };
    const item = page.vulnerabilities[0];
    assert.ok(item);
    const v = transformNvd({ id: "x", origin: "x", data: item }).vulnerabilities[0];
    assert.ok(v?.severities.some((s) => s.type === "CVSS_V2"));
    assert.equal(v?.withdrawn, undefined);
    const rejected = transformNvd({ id: "x", origin: "x", data: { cve: { ...item.cve, vulnStatus: "Rejected" } } }).vulnerabilities[0];
    assert.ok(rejected?.withdrawn);
    assert.throws(() => transformNvd({ id: "x", origin: "x", data: { cve: { id: "nope" } } }), MalformedRecord);
  });
});
