import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as dredge from "../../src/index.js";
import { testImages } from "../helpers/images.js";

describe("the library entry point", () => {
  it("reads an image into an inventory and writes an SBOM, as the README shows", async () => {
    const img = testImages();
    const a = await dredge.analyzeDirectory(img.rootfs, { kind: "rootfs", analyzers: dredge.analyzers, logger: dredge.silentLogger });
    const inv = dredge.buildInventory(a);
    assert.equal(inv.os?.family, "debian");
    assert.equal(inv.packages.filter((p) => p.type === "deb").length, img.expected.bookworm.dpkg.length);
    const sbom = dredge.cyclonedxSbom(inv, { name: "dredge", version: "test" }) as { components: unknown[] };
    assert.ok(sbom.components.length > inv.packages.length);
    assert.equal(dredge.versioning.get("deb").compare("1:2.3~rc1-1", "2.3-1"), 1);
    assert.throws(() => dredge.versioning.get("deb").compare("", "1"), (e: unknown) => dredge.isDredgeError(e, "INVALID_VERSION"));
  });
});
