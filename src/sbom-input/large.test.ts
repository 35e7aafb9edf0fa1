/** Large generated SBOMs (issue #22 item 5): dependency linking stays linear and a long read can be stopped. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isDredgeError } from "../errors.js";
import { silentLogger } from "../util/log.js";
import { parseSbom } from "./index.js";

const N = 200_000;
const ref = (i: number) => `ref-${i}`;

/** One application component depending on all the others (each listed twice), N components in all. */
function fanOutCdx(n: number): Buffer {
  const components = Array.from({ length: n }, (_, i) => ({ type: "library", "bom-ref": ref(i), name: `p${i}`, version: "1.0.0", purl: `pkg:npm/p${i}@1.0.0` }));
  const all = components.map((c) => c["bom-ref"]);
  return Buffer.from(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components, dependencies: [{ ref: ref(0), dependsOn: [...all, ...all] }] }));
}

function fanOutSpdx(n: number): Buffer {
  const packages = Array.from({ length: n }, (_, i) => ({
    SPDXID: `SPDXRef-${i}`, name: `p${i}`, versionInfo: "1.0.0",
    externalRefs: [{ referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: `pkg:npm/p${i}@1.0.0` }],
  }));
  const relationships = packages.map((p) => ({ spdxElementId: "SPDXRef-0", relationshipType: "DEPENDS_ON", relatedSpdxElement: p.SPDXID }));
  return Buffer.from(JSON.stringify({ spdxVersion: "SPDX-2.3", SPDXID: "SPDXRef-DOCUMENT", name: "big", packages, relationships }));
}

describe("large SBOMs", () => {
  it("a component whose dependsOn lists 200,000 refs (twice) links in linear time", { timeout: 60_000 }, async () => {
    const inv = await parseSbom(fanOutCdx(N), "fan-out.cdx.json", silentLogger);
    assert.equal(inv.packages.length, N);
    const deps = inv.packages[0]!.dependsOn!;
    assert.equal(deps.length, N - 1); // itself left out, duplicates once
    assert.equal(deps[0], "p1");
    assert.equal(deps.at(-1), `p${N - 1}`);
  });

  it("an aborted signal stops a long SPDX read with CANCELLED (the reader yields, so the timer fires)", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("timeout")), 20);
    await assert.rejects(parseSbom(fanOutSpdx(N), "fan-out.spdx.json", silentLogger, controller.signal), (e: unknown) => {
      assert.ok(isDredgeError(e, "CANCELLED"), String(e));
      return true;
    });
  });

  it("an aborted signal stops a long CycloneDX read too", { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    controller.abort(new Error("timeout"));
    await assert.rejects(parseSbom(fanOutCdx(20_000), "fan-out.cdx.json", silentLogger, controller.signal), (e: unknown) => isDredgeError(e, "CANCELLED"));
  });
});
