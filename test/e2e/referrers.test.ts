/**
 * OCI referrers round trip. On Debian's docker-registry (distribution 2.8, no referrers API: the tag-schema
 * path): `dredge attach` pushes SBOMs and a report as referrers of the bookworm image, the `sha256-<hex>`
 * index lists them, and `dredge image --sbom-source referrers` scans the attached SBOM (same findings as the
 * layers) instead of the layers; no SBOM → layers with a warning; a referrer whose subject is another image
 * is refused. The referrers-API path (OCI-Subject, GET /referrers) runs against a small loopback OCI 1.1
 * registry (test/helpers/referrers-registry.ts), since the real registry has no such API.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { RegistryClient, attachReferrer, listReferrers, referrersTag } from "../../src/image/registry/index.js";
import { sbomFromReferrers } from "../../src/scan/referrer-sbom.js";
import { parseReference } from "../../src/image/reference.js";
import { silentLogger } from "../../src/util/log.js";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { startReferrersRegistry, type ReferrersRegistry } from "../helpers/referrers-registry.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const img = testImages();
let cacheDir: string;
let dbPath: string;
let reg: TestRegistry;
let digest: string;
let manifestBytes: Buffer;

before(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), "dredge-referrers-"));
  dbPath = await buildFixtureDb(cacheDir);
  reg = await startRegistry();
  await pushImage(reg.host, `oci:${img.oci}:bookworm`, "test/bookworm:1.0");
  await pushImage(reg.host, `oci:${img.oci}:bookworm`, "bare/bookworm:1.0");
  await pushImage(reg.host, `oci:${img.oci}:bookworm`, "forged/bookworm:1.0");
  const index = JSON.parse(readFileSync(join(img.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  digest = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!.digest;
  manifestBytes = readFileSync(join(img.oci, "blobs/sha256", digest.slice(7)));
});
after(async () => {
  await reg?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

const dbFlags = () => ["--db", dbPath, "--skip-db-update", "--offline", "--cache-dir", cacheDir];
const client = (host: string) => new RegistryClient({ registry: host, logger: silentLogger, retries: 0 });

interface Attached { digest: string; subject: string; kind: string; artifactType: string; via: string }
interface Report { artifact: { unverified?: true; manifestDigest?: string }; warnings: string[]; targets: { vulnerabilities: { id: string; pkgName: string }[] }[] }

const findingKeys = (r: Report) => r.targets.flatMap((t) => t.vulnerabilities.map((v) => `${v.id} ${v.pkgName}`)).sort();

describe("referrers on docker-registry 2.8 (tag schema)", () => {
  it("dredge attach pushes SBOMs and a report; the sha256-<hex> index lists them with subject, artifactType and annotations", async () => {
    const r = await runCli(["attach", `${reg.host}/test/bookworm:1.0`, "--sbom", "cyclonedx,spdx-json", "--report", "sarif", ...dbFlags()]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Attached);
    assert.deepEqual(out.map((a) => [a.kind, a.artifactType, a.via, a.subject]), [
      ["cyclonedx", "application/vnd.cyclonedx+json", "tag", digest],
      ["spdx-json", "application/spdx+json", "tag", digest],
      ["report:sarif", "application/sarif+json", "tag", digest],
    ]);
    const c = client(reg.host);
    try {
      const index = await c.getManifest("test/bookworm", referrersTag(digest));
      assert.equal(index.parsed.kind, "index");
      const listed = index.parsed.kind === "index" ? index.parsed.index.manifests : [];
      assert.deepEqual(listed.map((d) => d.digest), out.map((a) => a.digest));
      for (const d of listed) {
        const m = await c.getManifest("test/bookworm", d.digest);
        assert.equal(m.parsed.kind, "manifest");
        if (m.parsed.kind !== "manifest") continue;
        const man = m.parsed.manifest;
        assert.equal(man.subject?.digest, digest);
        assert.equal(man.subject?.size, manifestBytes.length);
        assert.equal(man.artifactType, d.artifactType);
        assert.equal(man.config.mediaType, "application/vnd.oci.empty.v1+json");
        assert.match(man.annotations?.["org.opencontainers.image.created"] ?? "", /^\d{4}-\d\d-\d\dT/);
        assert.ok(man.annotations?.["dev.dredge.version"]);
        assert.deepEqual(d.annotations, man.annotations, "the index descriptor carries the manifest's annotations");
        if (d.artifactType === "application/sarif+json") assert.ok(man.annotations?.["dev.dredge.db.built"], "the report names its database");
        const blob = await c.getBlob("test/bookworm", man.layers[0]!.digest, 64 * 1024 * 1024);
        const doc = JSON.parse(blob.toString("utf8")) as Record<string, unknown>;
        if (d.artifactType === "application/vnd.cyclonedx+json") assert.equal(doc.bomFormat, "CycloneDX");
        if (d.artifactType === "application/spdx+json") assert.equal(doc.spdxVersion, "SPDX-2.3");
        if (d.artifactType === "application/sarif+json") assert.equal(doc.version, "2.1.0");
      }
      // Pushing the same artifact again adds no duplicate to the index.
      const again = await attachReferrer(c, "test/bookworm", { mediaType: "application/vnd.oci.image.manifest.v1+json", digest, size: manifestBytes.length }, {
        artifactType: "application/vnd.example+json", mediaType: "application/vnd.example+json", bytes: Buffer.from("{}"), annotations: { a: "b" },
      });
      const twice = await attachReferrer(c, "test/bookworm", { mediaType: "application/vnd.oci.image.manifest.v1+json", digest, size: manifestBytes.length }, {
        artifactType: "application/vnd.example+json", mediaType: "application/vnd.example+json", bytes: Buffer.from("{}"), annotations: { a: "b" },
      });
      assert.equal(again.digest, twice.digest);
      const list = await listReferrers(c, "test/bookworm", digest);
      assert.equal(list.via, "tag");
      assert.equal(list.referrers.filter((d) => d.digest === again.digest).length, 1);
      assert.equal((await listReferrers(c, "test/bookworm", digest, "application/spdx+json")).referrers.length, 1);
    } finally {
      await c.close();
    }
  });

  it("dredge image --sbom-source referrers scans the attached SBOM: same findings as the layers, marked unverified, says so", async () => {
    const viaSbom = await runCli(["image", `${reg.host}/test/bookworm:1.0`, "--sbom-source", "referrers", "--format", "json", "--scanners", "vuln", ...dbFlags()]);
    assert.equal(viaSbom.code, 0, viaSbom.stderr);
    const layers = await runCli(["image", `${reg.host}/test/bookworm:1.0`, "--format", "json", "--scanners", "vuln", ...dbFlags()]);
    assert.equal(layers.code, 0, layers.stderr);
    const a = JSON.parse(viaSbom.stdout) as Report;
    const b = JSON.parse(layers.stdout) as Report;
    assert.equal(a.artifact.unverified, true);
    assert.equal(b.artifact.unverified, undefined);
    assert.equal(a.artifact.manifestDigest, digest);
    assert.ok(a.warnings.some((w) => w.includes("SBOM attached to the image") && w.includes("referrers tag schema")), a.warnings.join("\n"));
    assert.ok(findingKeys(b).length > 0);
    assert.deepEqual(findingKeys(a), findingKeys(b));
  });

  it("no SBOM attached: the layers are analysed, with a warning", async () => {
    const r = await runCli(["image", `${reg.host}/bare/bookworm:1.0`, "--sbom-source", "referrers", "--format", "json", "--scanners", "vuln", ...dbFlags()]);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    assert.equal(rep.artifact.unverified, undefined);
    assert.ok(rep.warnings.some((w) => w.startsWith("no SBOM is attached")), rep.warnings.join("\n"));
  });

  it("a referrer whose subject is another image is refused", async () => {
    const c = client(reg.host);
    try {
      // A real SBOM pushed with another subject, then listed in this image's tag index by hand.
      const other = { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: `sha256:${"0".repeat(64)}`, size: 2 };
      const sbom = Buffer.from(JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.6", components: [] }));
      const forged = await attachReferrer(c, "forged/bookworm", other, { artifactType: "application/vnd.cyclonedx+json", mediaType: "application/vnd.cyclonedx+json", bytes: sbom, annotations: {} });
      const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: forged.digest, size: forged.size, artifactType: "application/vnd.cyclonedx+json" }] };
      await c.putManifest("forged/bookworm", referrersTag(digest), Buffer.from(JSON.stringify(index)), "application/vnd.oci.image.index.v1+json");
    } finally {
      await c.close();
    }
    const r = await runCli(["image", `${reg.host}/forged/bookworm:1.0`, "--sbom-source", "referrers", "--format", "json", ...dbFlags()]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /subject is sha256:0{64}, not the image/);
  });
});

describe("referrers API (loopback OCI 1.1 registry)", () => {
  let api: ReferrersRegistry;
  before(async () => {
    api = await startReferrersRegistry();
  });
  after(async () => api?.close());

  it("attach uses the API (OCI-Subject, no tag index); discovery lists through GET /referrers and reads the SBOM", async () => {
    const imageDigest = api.putManifest("app/bookworm", manifestBytes, "application/vnd.oci.image.manifest.v1+json", "1.0");
    const c = client(api.host);
    try {
      // The real CycloneDX SBOM of the image, as `dredge sbom` writes it.
      const sbom = await runCli(["sbom", `${reg.host}/test/bookworm:1.0`, "--format", "cyclonedx", "--cache-dir", cacheDir]);
      assert.equal(sbom.code, 0, sbom.stderr);
      const subject = { mediaType: "application/vnd.oci.image.manifest.v1+json", digest: imageDigest, size: manifestBytes.length };
      const attached = await attachReferrer(c, "app/bookworm", subject, {
        artifactType: "application/vnd.cyclonedx+json", mediaType: "application/vnd.cyclonedx+json", bytes: Buffer.from(sbom.stdout), annotations: { "org.opencontainers.image.created": new Date().toISOString() },
      });
      assert.equal(attached.via, "api");
      assert.ok(!api.requests.some((r) => r.includes(`/manifests/${referrersTag(imageDigest)}`)), "no tag schema index on a registry with the API");
      const listed = await listReferrers(c, "app/bookworm", imageDigest, "application/vnd.cyclonedx+json");
      assert.equal(listed.via, "api");
      assert.deepEqual(listed.referrers.map((d) => d.digest), [attached.digest]);
      const found = await sbomFromReferrers(parseReference(`${api.host}/app/bookworm:1.0`), {}, { logger: silentLogger, cacheDir, tmpDir: cacheDir });
      assert.ok(found.inventory);
      assert.equal(found.inventory.target.manifestDigest, imageDigest);
      assert.equal(found.inventory.packages.filter((p) => p.purl.startsWith("pkg:deb/")).length, img.expected.bookworm.dpkg.length);
      assert.ok(found.inventory.warnings[0]!.includes("referrers API"));
      assert.ok(api.requests.some((r) => r.startsWith(`GET /v2/app/bookworm/referrers/${imageDigest}?artifactType=`)));
    } finally {
      await c.close();
    }
  });
});
