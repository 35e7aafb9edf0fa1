/**
 * The strict schema of `POST /inventories` accepts every real inventory the pipeline makes (images with dpkg
 * and rpm, a multi-platform index, a root filesystem, project directories of every lockfile kind here, SBOMs)
 * and refuses what is not one.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { inventoryTarget, parseScanOptions } from "../../src/scan/index.js";
import { describeIssues, inventorySchema } from "../../src/server/ingest/inventory-schema.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir, testImages } from "../helpers/images.js";

let work: string;
before(async () => (work = await mkdtemp(join(tmpdir(), "dredge-inv-schema-"))));
after(async () => rm(work, { recursive: true, force: true }));

const inventories = async (target: string) =>
  inventoryTarget(target, parseScanOptions({ cache: false, platform: "all" }), { logger: silentLogger, cacheDir: work, tmpDir: work });

const accepted = (inv: unknown, what: string) => {
  const r = inventorySchema.safeParse(JSON.parse(JSON.stringify(inv)));
  assert.ok(r.success, `${what}: ${r.success ? "" : describeIssues(r.error.issues)}`);
};

describe("inventory upload schema", () => {
  it("accepts the inventories of the test images, a root filesystem, project directories and SBOMs", async () => {
    const images = testImages();
    const lang = join(fixturesDir, "pkgdb/lang");
    const targets = [
      images.ociArchive, images.dockerSaveV25, images.multiOciArchive, images.rpmDockerArchive, `rootfs:${images.rootfs}`,
      ...["npm/trivy-happy", "yarn/syft-yarn-berry", "php/trivy-with-dev", "python", "java", "rust", "ruby"].map((d) => `fs:${join(lang, d)}`),
      join(fixturesDir, "golden/trivy/sbom-inputs/centos-7-spdx.json"),
      join(fixturesDir, "golden/trivy/sbom-inputs/fluentd-multiple-lockfiles-cyclonedx.json"),
    ];
    let packages = 0;
    for (const target of targets) {
      for (const inv of await inventories(target)) {
        accepted(inv, target);
        packages += inv.packages.length;
      }
    }
    assert.ok(packages > 500);
  });

  it("refuses unknown fields, wrong types and out-of-bound values, naming where", () => {
    const base = { target: { name: "x", source: "fs", repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings: [] };
    const problem = (v: unknown) => {
      const r = inventorySchema.safeParse(v);
      assert.equal(r.success, false);
      return describeIssues(r.error!.issues);
    };
    assert.match(problem({ ...base, os: { family: "debian", name: "12", extra: 1 } }), /^os: unknown field "extra"/);
    assert.match(problem({ ...base, target: { ...base.target, source: "ftp" } }), /^target\.source/);
    assert.match(problem({ ...base, target: { ...base.target, manifestDigest: "sha256:nothex" } }), /target\.manifestDigest: is not a digest/);
    assert.match(problem({ ...base, warnings: Array.from({ length: 10_001 }, () => "w") }), /^warnings/);
    assert.match(problem({ ...base, target: { ...base.target, labels: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, "v"])) } }), /target\.labels/);
    assert.match(problem({ ...base, layers: [{ index: -1, diffId: `sha256:${"a".repeat(64)}` }] }), /^layers\.0\.index/);
    assert.match(problem([]), /^\(document\)/);
    assert.ok(inventorySchema.safeParse(base).success);
  });
});
