/** The `mariner` feed on the two whole upstream OVAL files (Azure Linux 3.0, CBL-Mariner 2.0). */
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { feedsDir } from "../../../../test/helpers/feed-server.js";
import { silentLogger } from "../../../util/log.js";
import type { AffectedPackage } from "../../model.js";
import type { RawRecord } from "../types.js";
import { marinerNamespace } from "./fetch.js";
import { marinerSource } from "./index.js";

const dir = join(feedsDir, "azure-linux");
const recs: RawRecord[] = [];
let rows: AffectedPackage[] = [];

before(async () => {
  for await (const r of marinerSource.fetch({ location: dir, local: true, logger: silentLogger, tmpDir: "/nonexistent", setLastUpdate() {} })) recs.push(r);
  rows = recs.flatMap((r) => marinerSource.transform(r, { logger: silentLogger }).affected);
});

describe("mariner: Microsoft OVAL", () => {
  it("names the release from the file name", () => {
    assert.equal(marinerNamespace("cbl-mariner-2.0-oval.xml"), "mariner:2.0");
    assert.equal(marinerNamespace("azurelinux-3.0-oval.xml"), "azurelinux:3.0");
    assert.equal(marinerNamespace("oval.xml"), undefined);
  });

  it("reads every definition of both files (1,222 + 2,436), none malformed", () => {
    assert.equal(recs.filter((r) => r.error).length, 0);
    assert.equal(recs.length, 1222 + 2436);
    assert.equal(rows.filter((r) => r.namespace === "azurelinux:3.0").length, 1222);
  });

  it("`less than or equal` with patchable false is no fix yet: status affected, last_affected, no fixed version", () => {
    // 251 `less than or equal` states: 160 with patchable false, 91 "Not Applicable" (not affected).
    const open = rows.filter((r) => r.namespace === "mariner:2.0" && r.ranges[0]?.events.some((e) => e.last_affected));
    assert.equal(open.length, 160);
    assert.equal(rows.filter((r) => r.namespace === "mariner:2.0" && r.status === "not_affected").length, 91 + 41);
    for (const r of open) assert.deepEqual([r.status, r.fixedVersions], ["affected", []]);
    const qt = open.find((r) => r.packageName === "qt5-qtbase" && r.vulnerabilityId === "CVE-2022-3857")!;
    assert.deepEqual(qt.ranges[0]!.events, [{ introduced: "0" }, { last_affected: "0:5.12.11-10.cm2" }]);
  });

  it("`less than` is fixed at that EVR; `Not Applicable` is not affected; severity lower-cased", () => {
    const fixed = rows.find((r) => r.namespace === "mariner:2.0" && r.packageName === "qt5-qtbase" && r.vulnerabilityId === "CVE-2023-51714")!;
    assert.deepEqual([fixed.status, fixed.fixedVersions, fixed.severity], ["fixed", ["0:5.12.11-10.cm2"], "critical"]);
    const na = rows.find((r) => r.namespace === "azurelinux:3.0" && r.packageName === "cloud-hypervisor" && r.vulnerabilityId === "CVE-2023-45853")!;
    assert.deepEqual([na.status, na.ranges], ["not_affected", []]);
    assert.ok(rows.every((r) => r.severity === r.severity?.toLowerCase()));
  });

  it("refuses a definition whose test cannot be resolved", () => {
    assert.throws(() => marinerSource.transform({ id: "x", origin: "t", data: { namespace: "mariner:2.0", definition: { metadata: [{ title: ["CVE-2024-1 affecting package a"] }] }, tests: [] } }, { logger: silentLogger }), /names no package/);
  });
});
