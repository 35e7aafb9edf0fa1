/** Real Trivy SBOMs (integration fixtures of aquasecurity/trivy, read in place). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "../../test/helpers/images.js";
import type { Package } from "../model/package.js";
import { memoryLogger, silentLogger } from "../util/log.js";
import { isSbomFile, readSbom } from "./index.js";

const dir = join(fixturesDir, "golden/trivy/sbom-inputs");
const file = (name: string) => join(dir, name);
const raw = (name: string) => JSON.parse(readFileSync(file(name), "utf8")) as Record<string, unknown>;
const key = (p: Package) => ({ type: p.type, name: p.name, version: p.version, epoch: p.epoch, release: p.release, arch: p.arch });

describe("Trivy CycloneDX and SPDX of centos-7", () => {
  it("give the same packages and the OS centos 7.6.1810", async () => {
    // Trivy's SPDX has its keys sorted: spdxVersion comes last, the sniff must still see an SBOM
    for (const f of ["centos-7-cyclonedx.json", "centos-7-spdx.json"]) assert.ok(isSbomFile(readFileSync(file(f))), f);
    const cdx = await readSbom(file("centos-7-cyclonedx.json"), { logger: silentLogger });
    const spdx = await readSbom(file("centos-7-spdx.json"), { logger: silentLogger });
    const components = (raw("centos-7-cyclonedx.json").components as { type: string }[]).filter((c) => c.type === "library");
    assert.equal(cdx.packages.length, components.length);
    assert.deepEqual(spdx.packages.map(key), cdx.packages.map(key));
    for (const inv of [cdx, spdx]) {
      assert.deepEqual(inv.os, { family: "centos", name: "7.6.1810" });
      assert.equal(inv.target.source, "sbom");
      assert.equal(inv.target.name, "integration/testdata/fixtures/images/centos-7.tar.gz");
      assert.equal(inv.target.imageId, "sha256:f1cb7c7d58b73eac859c395882eec49d50651244e342cd6c68a5c7809785f427");
      assert.deepEqual(inv.target.repoTags, ["ghcr.io/aquasecurity/trivy-test-images:centos-7"]);
      assert.deepEqual(inv.warnings, []);
    }
    const ssl = cdx.packages.find((p) => p.name === "openssl-libs")!;
    assert.deepEqual(key(ssl), { type: "rpm", name: "openssl-libs", version: "1.0.2k", epoch: 1, release: "16.el7", arch: "x86_64" });
    assert.equal(ssl.layer?.diffId, "sha256:89169d87dbe2b72ba42bfbb3579c957322baca28e03a1e558076542a1c1b2b4a");
    assert.equal(ssl.layer?.digest, "sha256:ac9208207adaac3a48e54a4dc6b49c69e78c3072d2b3add7efdabf814db2133b");
  });

  it("read source packages (the SPDX file itself names openssl-libs' source differently)", async () => {
    const cdx = await readSbom(file("centos-7-cyclonedx.json"), { logger: silentLogger });
    const spdx = await readSbom(file("centos-7-spdx.json"), { logger: silentLogger });
    const src = (inv: typeof cdx, name: string) => inv.packages.find((p) => p.name === name)?.source;
    assert.deepEqual(src(cdx, "bash"), { name: "bash", version: "4.2.46", release: "31.el7" });
    assert.deepEqual(src(spdx, "bash"), src(cdx, "bash"));
    assert.deepEqual(src(cdx, "openssl-libs"), { name: "openssl", version: "1.0.2k", release: "16.el7", epoch: 1 });
    // Trivy's SPDX fixture says "built package from: openssl-libs 1:1.0.2k-16.el7": same version, other name.
    assert.deepEqual(src(spdx, "openssl-libs"), { name: "openssl-libs", version: "1.0.2k", release: "16.el7", epoch: 1 });
  });

  it("in-toto attestation (DSSE JSONL) gives the CycloneDX packages", async () => {
    const cdx = await readSbom(file("centos-7-cyclonedx.json"), { logger: silentLogger });
    const att = await readSbom(file("centos-7-cyclonedx.intoto.jsonl"), { logger: silentLogger });
    assert.ok(isSbomFile(readFileSync(file("centos-7-cyclonedx.intoto.jsonl"))));
    assert.deepEqual(att.packages.map(key), cdx.packages.map(key));
    assert.deepEqual(att.os, cdx.os);
  });

  it("in-toto statement with an SPDX predicate (cosign --type spdxjson shape)", async (t) => {
    const tmp = mkdtempSync(join(tmpdir(), "dredge-intoto-"));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));
    const statement = { _type: "https://in-toto.io/Statement/v0.1", predicateType: "https://spdx.dev/Document", subject: [], predicate: raw("centos-7-spdx.json") };
    const env = { payloadType: "application/vnd.in-toto+json", payload: Buffer.from(JSON.stringify(statement)).toString("base64"), signatures: [{ sig: "" }] };
    const p = join(tmp, "spdx.intoto.jsonl");
    writeFileSync(p, `${JSON.stringify(env)}\n`);
    const spdx = await readSbom(file("centos-7-spdx.json"), { logger: silentLogger });
    const att = await readSbom(p, { logger: silentLogger });
    assert.deepEqual(att.packages, spdx.packages);
  });
  // centos-7-spdx.txt (SPDX tag-value) is checked against its JSON twin in spdx-tag-value.test.ts
});

describe("other Trivy SBOMs", () => {
  it("fluentd CycloneDX gives its gems and Debian packages", async () => {
    const inv = await readSbom(file("fluentd-multiple-lockfiles-cyclonedx.json"), { logger: silentLogger });
    const gems = inv.packages.filter((p) => p.type === "gem");
    const want = (raw("fluentd-multiple-lockfiles-cyclonedx.json").components as { purl?: string; name: string; version: string }[])
      .filter((c) => c.purl?.startsWith("pkg:gem/"));
    assert.ok(want.length > 0);
    assert.deepEqual(gems.map((g) => [g.name, g.version]), want.map((c) => [c.name, c.version]));
    assert.deepEqual(gems[0]!.locations.map((l) => l.path), ["/var/lib/gems/2.5.0/specifications/activesupport-6.0.2.1.gemspec"]);
    assert.deepEqual(gems[0]!.licenses, ["MIT"]);
    assert.deepEqual(inv.os, { family: "debian", name: "10" });
    assert.equal(inv.packages.find((p) => p.name === "libidn2-0")?.source?.name, "libidn2");
    assert.equal(inv.layers.length, 6);
    assert.equal(gems[0]!.layer?.index, inv.layers.findIndex((l) => l.diffId === gems[0]!.layer?.diffId));
  });

  it("license-cyclonedx gives the licences, maven names group:artifact", async () => {
    const log = memoryLogger();
    const inv = await readSbom(file("license-cyclonedx.json"), { logger: log });
    assert.deepEqual(
      inv.packages.map((p) => [p.type, p.name, p.licenses]),
      [
        ["maven", "org.eclipse.sisu:org.eclipse.sisu.plexus", ["EPL-1.0"]],
        ["maven", "org.ow2.asm:asm", ["BSD-3-Clause"]],
        ["maven", "org.slf4j:slf4j-api", ["MIT License"]],
      ],
    );
    assert.equal(inv.os, undefined);
    // the pom.xml application component has no purl
    assert.ok(inv.warnings.some((w) => w.includes("license-cyclonedx.json") && w.includes("1 component(s) without a purl")));
    assert.ok(log.records.some((r) => r.level === "warn"));
  });

  it("the minikube KBOM does not crash; unsupported purl types are counted", async () => {
    const inv = await readSbom(file("minikube-kbom.json"), { logger: silentLogger });
    assert.deepEqual(inv.packages.map((p) => p.purl), ["pkg:golang/docker@24.0.4"]);
    assert.deepEqual(inv.os, { family: "ubuntu", name: "22.04.2" });
    assert.equal(inv.target.name, "k8s.io/kubernetes");
    assert.ok(inv.warnings.some((w) => /purl type "k8s" skipped/.test(w)));
  });
});
