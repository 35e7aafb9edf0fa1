/** The `oracle` feed on the real ELSA samples: Oracle's OVAL (bzip2 as served, and plain XML) and vuln-list JSON. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { silentLogger } from "../../../util/log.js";
import type { AffectedPackage, FeedOutput } from "../../model.js";
import type { RawRecord } from "../types.js";
import { elsaFixes } from "./criteria.js";
import { oracleSource } from "./index.js";

const dir = join(feedsDir, "oracle");
const ctx = { logger: silentLogger };

async function records(path: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of oracleSource.fetch({ location: path, local: true, logger: silentLogger, tmpDir: "/nonexistent", setLastUpdate() {} })) out.push(r);
  return out;
}
async function output(path: string): Promise<FeedOutput> {
  const outs = (await records(path)).map((r) => oracleSource.transform(r, ctx));
  return { vulnerabilities: outs.flatMap((o) => o.vulnerabilities), affected: outs.flatMap((o) => o.affected) };
}
const rows = (o: FeedOutput, ns: string, pkg: string): AffectedPackage[] => o.affected.filter((a) => a.namespace === ns && a.packageName === pkg);

describe("oracle: ELSA OVAL", () => {
  it("reads the bzip2 file as Oracle serves it: both definitions, their releases and real epochs (bind 30:)", async () => {
    const recs = await records(join(dir, "oval-fixtures/com.oracle.elsa-all.xml.bz2"));
    assert.equal(recs.length, 2);
    const out = await output(join(dir, "oval-fixtures/com.oracle.elsa-all.xml.bz2"));
    const bind = rows(out, "oracle:5", "bind");
    assert.ok(bind.length > 0);
    for (const a of bind) assert.deepEqual([a.status, a.fixedVersions, a.advisories, a.severity], ["fixed", ["30:9.3.3-8.el5"], ["ELSA-2007-0057"], "moderate"]);
  });

  it("per-architecture fixed builds stay apart (ELSA-2022-4803, OL7 rsyslog)", async () => {
    const out = await output(join(dir, "oval-fixtures/vunnel-mock_per_arch_data.xml"));
    const r = rows(out, "oracle:7", "rsyslog")[0]!;
    assert.deepEqual(r.ranges.map((x) => [x.events[1]?.fixed, x.qualifiers?.arch]).sort(), [
      ["0:8.24.0-57.0.1.el7_9.3", ["x86_64"]], ["0:8.24.0-57.0.4.el7_9.3", ["aarch64"]],
    ]);
    assert.ok(rows(out, "oracle:10", "").length === 0 && out.affected.some((a) => a.namespace === "oracle:10"), "OL10 definitions are read too");
  });

  it("a Ksplice build's ranges say so (ELSA-2021-9151): release …ksplice1…, qualifier ksplice", async () => {
    const out = await output(join(dir, "oval-fixtures/vunnel-mock_ksplice_data.xml"));
    const r = rows(out, "oracle:8", "openssl-libs");
    assert.deepEqual(r.map((a) => a.vulnerabilityId).sort(), ["CVE-2021-3449", "CVE-2021-3450"]);
    for (const a of r) assert.deepEqual(a.ranges.map((x) => [x.events[1]?.fixed, x.qualifiers]), [["2:1.1.1g-15.ksplice1.el8_3", { ksplice: true }]]);
  });

  it("the ELSA itself is stored with its CVEs as related ids and Oracle's severity", async () => {
    const out = await output(join(dir, "oval-fixtures/vunnel-mock_ksplice_data.xml"));
    const elsa = out.vulnerabilities.find((v) => v.id === "ELSA-2021-9151")!;
    assert.deepEqual([elsa.related, elsa.severities[0]?.rating, elsa.published], [["CVE-2021-3449", "CVE-2021-3450"], "important", "2021-04-01"]);
  });
});

describe("oracle: vuln-list JSON", () => {
  it("module streams: httpd:2.4 packages carry the stream, mod_ssl keeps its epoch 1", async () => {
    const out = await output(join(dir, "vuln-list/2024/ELSA-2024-4197.json"));
    const httpd = rows(out, "oracle:8", "httpd")[0]!;
    assert.deepEqual([httpd.vulnerabilityId, httpd.severity, httpd.advisories], ["CVE-2023-38709", "moderate", ["ELSA-2024-4197"]]);
    assert.deepEqual(httpd.ranges.map((r) => [r.events[1]?.fixed, r.qualifiers]), [["0:2.4.37-65.0.1.module+el8.10.0+90356+f7b9d583", { module: "httpd:2.4" }]]);
    assert.equal(rows(out, "oracle:8", "mod_ssl")[0]!.fixedVersions[0], "1:2.4.37-65.0.1.module+el8.10.0+90356+f7b9d583");
    const cve = out.vulnerabilities.find((v) => v.id === "CVE-2023-38709")!;
    assert.deepEqual(cve.severities.map((s) => [s.type, s.score]), [["CVSS_V3", 6.8]]);
  });
});

describe("oracle: criteria", () => {
  it("facts under AND hold for the branches beside them; OR alternatives do not share them", () => {
    const fixes = elsaFixes({
      operator: "AND", comments: ["Oracle Linux 9 is installed"], children: [{
        operator: "OR", comments: [], children: [
          { operator: "AND", comments: ["Oracle Linux arch is aarch64"], children: [{ operator: "AND", comments: ["a is earlier than 0:1-2.el9", "a is signed with the Oracle Linux 9 key"], children: [] }] },
          { operator: "AND", comments: ["a is earlier than 0:1-3.el9", "a is ksplice-based"], children: [] },
        ],
      }],
    });
    assert.deepEqual(fixes, [
      { release: "9", name: "a", fixed: "0:1-2.el9", arch: "aarch64", ksplice: false },
      { release: "9", name: "a", fixed: "0:1-3.el9", ksplice: true },
    ]);
  });

  it("refuses criteria nested deeper than any real ELSA", () => {
    let node: Record<string, unknown> = { Operator: "AND", Criterions: [{ Comment: "x is earlier than 0:1-1" }] };
    for (let i = 0; i < 40; i++) node = { Operator: "AND", Criterias: [node] };
    assert.throws(() => oracleSource.transform({ id: "deep", origin: "t", data: { kind: "vuln-list", data: { Title: "ELSA-2024-1: x", Criteria: node } } }, ctx), /nested more than/);
  });
});
