/**
 * The real bookworm test root filesystem: Debian's python3.11 is found by the runtime analyzer, and the
 * inventory drops it because dpkg owns /usr/bin/python3.11 (the deb package reports it).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { testImages } from "../../../test/helpers/images.js";
import { analyzeDirectory } from "../../artifact/directory.js";
import { buildInventory } from "../../inventory/build.js";
import { silentLogger } from "../../util/log.js";
import { osAnalyzers } from "../registry.js";
import { runtimeAnalyzer } from "./index.js";

describe("runtimes owned by OS packages", () => {
  it("bookworm rootfs: python3.11 is detected, then left to the dpkg package that owns it", async () => {
    const { rootfs } = testImages();
    const analysis = await analyzeDirectory(rootfs, { kind: "rootfs", analyzers: [...osAnalyzers, runtimeAnalyzer], logger: silentLogger });
    const found = analysis.packageSets.filter((s) => s.analyzer === "runtime");
    const python = found.find((s) => s.path === "/usr/bin/python3.11")?.packages[0];
    assert.equal(python?.purl.startsWith("pkg:generic/python@3.11."), true);
    const inv = buildInventory(analysis);
    const owner = inv.packages.find((p) => p.type === "deb" && p.files?.includes("/usr/bin/python3.11"));
    assert.ok(owner, "a deb package owns /usr/bin/python3.11");
    assert.equal(python?.version, owner.version.replace(/-.*$/, ""));
    assert.deepEqual(inv.packages.filter((p) => p.type === "binary"), []);
  });
});
