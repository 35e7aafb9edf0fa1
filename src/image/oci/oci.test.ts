import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { testImages } from "../../../test/helpers/images.js";
import { drainLayers, resolveAll } from "../archive/testing.js";
import { digestOf, dirStore } from "./blobs.js";
import { findByConfig } from "./layout.js";
import type { Descriptor } from "../manifest.js";
import { ociLayoutSource, openOciArchive } from "./source.js";

const images = testImages();
const blobsDir = join(images.oci, "blobs", "sha256");
const hex = (d: string): string => d.slice("sha256:".length);
const indexJson = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as {
  manifests: { digest: string; mediaType: string; annotations: Record<string, string> }[];
};
const ref = (name: string) => indexJson.manifests.find((m) => m.annotations["org.opencontainers.image.ref.name"] === name)!;

/** A layout in `dir` whose blobs are symlinks to the real ones, with `index` as index.json. */
function makeLayout(dir: string, index: unknown, extraBlobs: Buffer[] = [], skip: string[] = []): void {
  mkdirSync(join(dir, "blobs", "sha256"), { recursive: true });
  for (const name of readdirSync(blobsDir)) {
    if (!skip.includes(name)) symlinkSync(join(blobsDir, name), join(dir, "blobs", "sha256", name));
  }
  for (const b of extraBlobs) writeFileSync(join(dir, "blobs", "sha256", hex(digestOf(b))), b);
  writeFileSync(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  if (index !== undefined) writeFileSync(join(dir, "index.json"), JSON.stringify(index));
}

describe("OCI layout and archive", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-oci-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("resolves oci:DIR:bookworm with gzip layers, verified, and the oci-archive to the same image", async () => {
    const [dirImage] = await resolveAll(ociLayoutSource(images.oci, { tag: "bookworm" }));
    const m = dirImage!.metadata;
    assert.equal(m.source, "oci-layout");
    assert.equal(m.manifestDigest, ref("bookworm").digest);
    assert.equal(m.indexDigest, undefined);
    assert.equal(m.annotations["org.opencontainers.image.ref.name"], "bookworm");
    assert.equal(m.layers.length, 4);
    assert.deepEqual(m.layers.map((l) => l.diffId), m.config.diffIds);
    assert.ok(m.layers.every((l) => l.mediaType?.endsWith("+gzip") && l.digest !== l.diffId));
    assert.match(m.layers[3]!.createdBy!, /^COPY legacy-tool/);
    assert.deepEqual(await drainLayers(dirImage!), m.layers.map((l) => l.size));

    const work = mkdtempSync(join(tmp, "work-"));
    const source = await openOciArchive(images.ociArchive, { tmpDir: work });
    const [archImage] = await resolveAll(source);
    assert.equal(archImage!.metadata.source, "oci-archive");
    assert.deepEqual({ ...archImage!.metadata, source: "", name: "" }, { ...m, source: "", name: "" });
    await drainLayers(archImage!);
    await source.close();
    assert.deepEqual(readdirSync(work), []);
  });

  it("selects platforms of a multi-platform archive: host, arm64, all", async () => {
    const source = await openOciArchive(images.multiOciArchive, { tmpDir: tmp });
    const [amd] = await resolveAll(source, "linux/amd64");
    const [arm, ...none] = await resolveAll(source, "linux/arm64");
    const all = await resolveAll(source, "all");
    assert.equal(none.length, 0);
    assert.equal(amd!.metadata.platform.architecture, "amd64");
    assert.equal(arm!.metadata.platform.architecture, "arm64");
    assert.equal(amd!.metadata.indexDigest, ref("bookworm-multi").digest);
    assert.equal(amd!.metadata.manifestDigest, ref("bookworm").digest);
    assert.equal(arm!.metadata.manifestDigest, ref("bookworm-arm64").digest);
    assert.deepEqual(all.map((i) => i.metadata.platform.architecture).sort(), ["amd64", "arm64"]);
    assert.notDeepEqual(arm!.metadata.config.diffIds, amd!.metadata.config.diffIds);
    await drainLayers(arm!);
    await assert.rejects(resolveAll(source, "linux/s390x"), (err) => isDredgeError(err, "PLATFORM_NOT_FOUND") && /amd64.*arm64/.test(err.hint ?? ""));
    if (process.arch === "x64") {
      const [host] = await resolveAll(source);
      assert.equal(host!.metadata.manifestDigest, amd!.metadata.manifestDigest);
    }
    await source.close();
  });

  it("follows nested indexes (index.json → index → index → manifests) and merges annotations", async () => {
    const outer = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [{ ...ref("bookworm-multi"), annotations: { "org.opencontainers.image.base.name": "debian:bookworm" } }],
      }),
    );
    const dir = join(tmp, "nested");
    const outerDesc = { mediaType: "application/vnd.oci.image.index.v1+json", digest: digestOf(outer), size: outer.length, annotations: { "org.opencontainers.image.ref.name": "nested" } };
    makeLayout(dir, { schemaVersion: 2, manifests: [outerDesc] }, [outer]);
    const [arm] = await resolveAll(ociLayoutSource(dir), "linux/arm64/v8");
    assert.equal(arm!.metadata.manifestDigest, ref("bookworm-arm64").digest);
    assert.equal(arm!.metadata.indexDigest, ref("bookworm-multi").digest);
    assert.equal(arm!.metadata.annotations["org.opencontainers.image.base.name"], "debian:bookworm");
    assert.equal(arm!.metadata.annotations["org.opencontainers.image.ref.name"], "nested");
    assert.equal((await resolveAll(ociLayoutSource(dir), "all")).length, 2);
  });

  it("finds a manifest by config digest, skipping platforms whose blobs were not exported", async () => {
    const dir = join(tmp, "partial");
    makeLayout(dir, { schemaVersion: 2, manifests: [ref("bookworm-multi")] }, [], [hex(ref("bookworm-arm64").digest)]);
    const store = dirStore(dir);
    const amdConfig = (JSON.parse(readFileSync(join(blobsDir, hex(ref("bookworm").digest)), "utf8")) as { config: { digest: string } }).config.digest;
    const found = await findByConfig(store, ref("bookworm-multi") as Descriptor, amdConfig);
    assert.equal(found?.manifestDigest, ref("bookworm").digest);
    assert.equal(found?.indexDigest, ref("bookworm-multi").digest);
    assert.equal(await findByConfig(store, ref("bookworm-multi") as Descriptor, `sha256:${"0".repeat(64)}`), undefined);
  });

  it("requires a tag when the layout holds several images, and lists them", async () => {
    await assert.rejects(resolveAll(ociLayoutSource(images.oci)), (err) => {
      assert.ok(isDredgeError(err, "USAGE"));
      assert.match(err.hint ?? "", /bookworm, bookworm-arm64, bookworm-multi, rocky9-rpm/);
      return true;
    });
    await assert.rejects(resolveAll(ociLayoutSource(images.oci, { tag: "nope" })), (err) => {
      assert.ok(isDredgeError(err, "IMAGE_NOT_FOUND"));
      assert.match(err.message, /"nope"/);
      assert.match(err.hint ?? "", /rocky9-rpm/);
      return true;
    });
  });

  it("fails clearly on a layout without index.json or oci-layout, and on blobs that do not match", async () => {
    const noIndex = join(tmp, "noindex");
    makeLayout(noIndex, undefined);
    await assert.rejects(resolveAll(ociLayoutSource(noIndex)), (err) => isDredgeError(err, "INVALID_ARCHIVE") && /noindex: OCI layout without index\.json/.test(err.message));
    const notLayout = join(tmp, "empty");
    mkdirSync(notLayout);
    await assert.rejects(resolveAll(ociLayoutSource(notLayout)), (err) => isDredgeError(err, "INVALID_ARCHIVE") && /no oci-layout/.test(err.message));

    const manifest = JSON.parse(readFileSync(join(blobsDir, hex(ref("bookworm").digest)), "utf8")) as { layers: { digest: string; size: number }[]; config: { digest: string } };
    const last = manifest.layers[3]!;
    const badLayer = join(tmp, "badlayer");
    makeLayout(badLayer, { schemaVersion: 2, manifests: [ref("bookworm")] }, [], [hex(last.digest)]);
    const real = readFileSync(join(blobsDir, hex(last.digest)));
    writeFileSync(join(badLayer, "blobs", "sha256", hex(last.digest)), Buffer.alloc(real.length, 1));
    const [image] = await resolveAll(ociLayoutSource(badLayer));
    await assert.rejects(drainLayers(image!), (err) => isDredgeError(err, "DIGEST_MISMATCH") && err.message.includes(last.digest) && err.message.includes("badlayer"));

    const badConfig = join(tmp, "badconfig");
    makeLayout(badConfig, { schemaVersion: 2, manifests: [ref("bookworm")] }, [], [hex(manifest.config.digest)]);
    copyFileSync(join(blobsDir, hex(ref("bookworm-arm64").digest)), join(badConfig, "blobs", "sha256", hex(manifest.config.digest)));
    await assert.rejects(resolveAll(ociLayoutSource(badConfig)), (err) => isDredgeError(err, "DIGEST_MISMATCH") && err.message.includes(manifest.config.digest));

    const missing = join(tmp, "missing");
    makeLayout(missing, { schemaVersion: 2, manifests: [ref("bookworm")] }, [], [hex(last.digest)]);
    const [img2] = await resolveAll(ociLayoutSource(missing));
    await assert.rejects(drainLayers(img2!), (err) => isDredgeError(err, "INVALID_ARCHIVE") && /missing/.test(err.message));
  });
});
