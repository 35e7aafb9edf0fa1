/** The `amazon` feed on the real ALAS samples: updateinfo XML (gzip, as the repositories serve it) and vuln-list JSON. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { silentLogger } from "../../../util/log.js";
import type { FeedOutput } from "../../model.js";
import type { RawRecord } from "../types.js";
import { alasDate, alasRelease } from "./advisory.js";
import { amazonSource } from "./index.js";

const dir = join(feedsDir, "amazon");
const ctx = { logger: silentLogger };

async function records(path: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of amazonSource.fetch({ location: path, local: true, logger: silentLogger, tmpDir: "/nonexistent", setLastUpdate() {} })) out.push(r);
  return out;
}
const transform = (r: RawRecord): FeedOutput => amazonSource.transform(r, ctx);

describe("amazon: ALAS ids, releases, dates", () => {
  it("tells the release from the id prefix", () => {
    assert.deepEqual(
      ["ALAS-2011-1", "ALAS-2023-1690", "ALAS2-2018-939", "ALAS2KERNEL-5.15-2022-001", "ALAS2022-2021-001", "ALAS2023-2023-001", "ALAS2023LIVEPATCH-2023-001", "RHSA-2020:1"].map(alasRelease),
      ["1", "1", "2", "2", "2022", "2023", "2023", undefined],
    );
  });
  it("reads both date forms as UTC", () => {
    assert.equal(alasDate("2011-09-27 22:46"), "2011-09-27T22:46:00Z");
    assert.equal(alasDate("2023-02-17 20:41:00"), "2023-02-17T20:41:00Z");
    assert.equal(alasDate("soon"), undefined);
  });
});

describe("amazon: updateinfo.xml.gz from the repositories", () => {
  it("yields one record per <update>; the repomd.xml beside them (a mirrored repodata/) is not an advisory file", async () => {
    const recs = await records(join(dir, "updateinfo"));
    assert.deepEqual(recs.filter((r) => !r.error).map((r) => r.id).sort(), [
      "ALAS-2011-1", "ALAS2-2018-939", "ALAS2022-2021-001", "ALAS2023-2023-001", "ALAS2023LIVEPATCH-2023-001", "ALAS2023NVIDIA-2025-001", "ALAS2KERNEL-5.15-2022-001",
    ]);
    assert.deepEqual(recs.filter((r) => r.error).map((r) => r.id), []);
  });

  it("AL1: the fixed EVR with its epoch, lower-case severity, one row per CVE and package", async () => {
    const out = transform((await records(join(dir, "updateinfo/updateinfo_1.xml.gz")))[0]!);
    assert.deepEqual(out.vulnerabilities.map((v) => [v.id, v.related, v.severities[0]?.rating, v.published]), [["ALAS-2011-1", ["CVE-2011-3192"], "medium", "2011-09-27T22:46:00Z"]]);
    assert.deepEqual(out.affected.map((a) => [a.packageName, a.fixedVersions]), [["httpd-devel", ["0:2.2.21-1.18.amzn1"]]]);
    for (const a of out.affected) {
      assert.deepEqual([a.vulnerabilityId, a.namespace, a.status, a.severity, a.advisories], ["CVE-2011-3192", "amazon:1", "fixed", "medium", ["ALAS-2011-1"]]);
    }
  });

  it("AL2023 capitalises its severity (Important): stored lower-case; the namespace is amazon:2023", async () => {
    const out = transform((await records(join(dir, "updateinfo/updateinfo_2023.xml.gz")))[0]!);
    assert.deepEqual([...new Set(out.affected.map((a) => `${a.namespace} ${a.severity}`))], ["amazon:2023 important"]);
    assert.deepEqual([...new Set(out.affected.map((a) => a.vulnerabilityId))].sort(), ["CVE-2014-3634", "CVE-2022-24903"]);
    assert.ok(out.affected.some((a) => a.packageName === "rsyslog" && a.fixedVersions[0] === "0:8.2204.0-3.amzn2023.0.2"));
  });

  it("Extras advisories (kernel 5.15 on AL2) start at their version line; core ones at 0", async () => {
    const extras = transform((await records(join(dir, "updateinfo/updateinfo_2_kernel-5.15.xml.gz")))[0]!);
    const kernel = extras.affected.find((a) => a.packageName === "kernel")!;
    assert.equal(kernel.namespace, "amazon:2");
    assert.equal(kernel.ranges[0]!.events[0]!.introduced, "0:5.15");
    const core = transform((await records(join(dir, "updateinfo/updateinfo_2.xml.gz")))[0]!);
    assert.equal(core.affected.find((a) => a.packageName === "kernel")!.ranges[0]!.events[0]!.introduced, "0");
  });
});

describe("amazon: vuln-list JSON", () => {
  it("the same advisory as updateinfo XML (ALAS2-2018-939, trimmed there to one package) gives the same rows for it", async () => {
    const fromJson = transform((await records(join(dir, "vuln-list/2/ALAS2-2018-939.json")))[0]!);
    const fromXml = transform((await records(join(dir, "updateinfo/updateinfo_2.xml.gz")))[0]!);
    const key = (o: FeedOutput) => o.affected.map((a) => `${a.vulnerabilityId} ${a.namespace} ${a.packageName} ${a.fixedVersions.join()} ${a.severity}`).sort();
    assert.ok(fromXml.affected.length > 0);
    for (const k of key(fromXml)) assert.ok(key(fromJson).includes(k), k);
  });

  it("ALAS-2011-1: mod_ssl is fixed at epoch 1 while its sibling httpd is at 0", async () => {
    const out = transform((await records(join(dir, "vuln-list/1/ALAS-2011-1.json")))[0]!);
    const rows = new Map(out.affected.map((a) => [a.packageName, a.fixedVersions[0]]));
    assert.equal(rows.get("mod_ssl"), "1:2.2.21-1.18.amzn1");
    assert.equal(rows.get("httpd"), "0:2.2.21-1.18.amzn1");
  });

  it("squid in ALAS2-2024-2500 is fixed at epoch 7", async () => {
    const out = transform((await records(join(dir, "vuln-list/2/ALAS2-2024-2500.json")))[0]!);
    assert.deepEqual([...new Set(out.affected.filter((a) => a.packageName === "squid").map((a) => a.fixedVersions[0]))], ["7:3.5.20-17.amzn2.7.19"]);
  });

  it("an AL1 advisory issued in 2023 (ALAS-2023-1690) is still Amazon Linux 1", async () => {
    const out = transform((await records(join(dir, "vuln-list/1/ALAS-2023-1690.json")))[0]!);
    assert.deepEqual([...new Set(out.affected.map((a) => a.namespace))], ["amazon:1"]);
  });

  it("refuses a record that is not an advisory", () => {
    assert.throws(() => transform({ id: "x", origin: "x", data: { kind: "vuln-list", data: { title: "no id" } } }), /not an ALAS advisory/);
  });
});
