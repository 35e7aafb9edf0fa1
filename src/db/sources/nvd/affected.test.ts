import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "../../../../test/helpers/images.js";
import type { AffectedPackage } from "../../model.js";
import { cpeVersion, parseCpe23 } from "./cpe.js";
import { transformNvd } from "./transform.js";

interface Match { vulnerable: boolean; criteria: string; versionEndExcluding?: string; versionEndIncluding?: string; versionStartIncluding?: string; versionStartExcluding?: string }
interface Item { cve: { id: string; vulnStatus?: string; configurations?: { operator?: string; nodes: { cpeMatch: Match[] }[] }[] } }

const dir = join(fixturesDir, "feeds/format-samples/nvd");
const page = (f: string): Item[] => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { vulnerabilities: Item[] }).vulnerabilities;
const items = [...page("full-page.json"), ...page("single-entry.json")];
const rows = (item: Item): AffectedPackage[] => transformNvd({ id: item.cve.id, origin: "test", data: item }).affected;
const item = (id: string): Item => structuredClone(items.find((i) => i.cve.id === id)!);
const matches = (i: Item): Match[] => (i.cve.configurations ?? []).flatMap((c) => c.nodes.flatMap((n) => n.cpeMatch));

describe("CPE 2.3 formatted strings", () => {
  it("reads the fields, unquotes and lower-cases vendor and product", () => {
    assert.deepEqual(parseCpe23("cpe:2.3:a:themeisle:wp_maintenance_mode_\\&_coming_soon:*:*:*:*:*:wordpress:*:*"), {
      part: "a", vendor: "themeisle", product: "wp_maintenance_mode_&_coming_soon", version: "*", update: "*",
    });
    assert.equal(parseCpe23("cpe:2.3:a:NodeJS:Node.js:20.11.0:*:*:*:lts:*:*:*")?.product, "node.js");
    assert.equal(parseCpe23("cpe:2.3:a:vendor:product\\:x:1.0:*:*:*:*:*:*:*")?.product, "product:x");
  });

  it("rejects what is not one", () => {
    for (const bad of [
      "cpe:/a:oracle:mysql:8.0", "cpe:2.3:a:oracle:mysql:8.0", "cpe:2.3:a:oracle:mysql:8.0:*:*:*:*:*:*:*:*",
      "cpe:2.3:x:oracle:mysql:*:*:*:*:*:*:*:*", "cpe:2.3:a:*:mysql:*:*:*:*:*:*:*:*", "cpe:2.3:a:oracle::*:*:*:*:*:*:*:*",
      "cpe:2.3:a:oracle:my*:*:*:*:*:*:*:*:*", "cpe:2.3:a:oracle:mysql:8.0.?:*:*:*:*:*:*:*", "cpe:2.3:a:oracle:mysql:*:*:*:*:*:*:*:\\",
    ]) assert.equal(parseCpe23(bad), undefined, bad);
  });

  it("spells the update into the version", () => {
    const v = (s: string) => cpeVersion(parseCpe23(s)!);
    assert.equal(v("cpe:2.3:a:oracle:jdk:1.8.0:update391:*:*:*:*:*:*"), "1.8.0_391");
    assert.equal(v("cpe:2.3:a:netapp:clustered_data_ontap:9.8:p7:*:*:*:*:*:*"), "9.8-p7");
    assert.equal(v("cpe:2.3:a:netapp:clustered_data_ontap:9.8:-:*:*:*:*:*:*"), "9.8");
  });
});

describe("NVD configurations → cpe rows", () => {
  it("one row per CVE and vulnerable application vendor:product of the real sample", () => {
    for (const i of items) {
      const expected = new Set(matches(i).filter((m) => m.vulnerable && m.criteria.split(":")[2] === "a").map((m) => m.criteria.split(":").slice(3, 5).join(":").replace(/\\/g, "").toLowerCase()));
      const got = rows(i);
      assert.deepEqual(got.map((r) => r.packageName).sort(), [...expected].sort(), i.cve.id);
      for (const r of got) assert.deepEqual([r.namespace, r.source, r.vulnerabilityId], ["cpe", "nvd", i.cve.id]);
    }
  });

  it("maps bounds to ranges and exact versions to versions (oracle:mysql, netapp)", () => {
    assert.deepEqual(rows(item("CVE-2023-22068")), [{
      vulnerabilityId: "CVE-2023-22068", source: "nvd", namespace: "cpe", packageName: "oracle:mysql", status: "affected",
      ranges: [{ type: "ecosystem", scheme: "generic", events: [{ introduced: "8.0" }, { last_affected: "8.0.34" }] }],
      versions: ["8.1.0"], fixedVersions: [],
    }]);
    const [ontap] = rows(item("CVE-2023-27314"));
    assert.equal(ontap?.status, "fixed");
    assert.deepEqual(ontap?.fixedVersions, ["9.8"]);
    assert.deepEqual(ontap?.ranges[0]?.events, [{ introduced: "9.0" }, { fixed: "9.8" }]);
    assert.ok(ontap?.versions.includes("9.8-p7") && ontap.versions.includes("9.13.0"));
  });

  it("AND configurations: only the vulnerable application, not the platform (IBM on Windows/macOS)", () => {
    const i = item("CVE-2022-22377");
    assert.equal(i.cve.configurations?.[0]?.operator, "AND");
    assert.ok(matches(i).some((m) => !m.vulnerable && m.criteria.startsWith("cpe:2.3:o:")));
    assert.deepEqual(rows(i).map((r) => [r.packageName, r.status, r.fixedVersions]), [["ibm:security_verify_privilege_on-premises", "fixed", ["11.5"]]]);
  });

  it("skips malformed or unversioned matches alone, and reads an excluded start as a constraint", () => {
    const i = item("CVE-2023-22068");
    const node = i.cve.configurations![0]!.nodes[0]!;
    const [range] = node.cpeMatch;
    node.cpeMatch = [
      { ...range!, criteria: "cpe:2.3:a:oracle:mysql" },
      { ...range!, criteria: "cpe:2.3:a:oracle:mysql:*:*:*:*:*:*:*:*", versionEndExcluding: "8.0 final" },
      { vulnerable: true, criteria: "cpe:2.3:a:oracle:mysql:-:*:*:*:*:*:*:*" },
      { vulnerable: true } as Match,
      "junk" as unknown as Match,
      { vulnerable: true, criteria: "cpe:2.3:a:oracle:mysql:*:*:*:*:*:*:*:*", versionStartExcluding: "5.7", versionEndExcluding: "5.7.44" },
      { vulnerable: true, criteria: "cpe:2.3:a:oracle:mysql_server:*:*:*:*:*:*:*:*" },
    ];
    const got = rows(i);
    assert.deepEqual(got.map((r) => [r.packageName, r.status, r.ranges, r.fixedVersions]), [
      ["oracle:mysql", "fixed", [{ type: "ecosystem", scheme: "generic", events: [], constraint: "> 5.7, < 5.7.44" }], ["5.7.44"]],
      ["oracle:mysql_server", "affected", [{ type: "ecosystem", scheme: "generic", events: [{ introduced: "0" }] }], []],
    ]);
  });

  it("a rejected CVE keeps its description and no rows", () => {
    const i = item("CVE-2023-22068");
    i.cve.vulnStatus = "Rejected";
    const out = transformNvd({ id: "x", origin: "x", data: i });
    assert.ok(out.vulnerabilities[0]?.withdrawn);
    assert.deepEqual(out.affected, []);
  });
});
