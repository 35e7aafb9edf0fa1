import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import type { ImageMetadata } from "../../model/image.js";
import { testImages } from "../../../test/helpers/images.js";
import { digestOf } from "../oci/blobs.js";
import { openDockerArchive } from "./source.js";
import { drainLayers, gzipFile, readTar, resolveAll, writeTar, type TarMember } from "./testing.js";
import { normaliseTag, pickArchiveEntry } from "./manifest-json.js";

describe("docker archive", () => {
  const images = testImages();
  let tmp: string;
  let work: string;
  let reference: ImageMetadata;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-archive-"));
    work = mkdtempSync(join(tmp, "work-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  const open = (file: string, tag?: string) => openDockerArchive(file, { tmpDir: work, tag });

  it("reads the classic layout: tags, config, 4 diffIDs, history, verified layers", async () => {
    const source = await open(images.dockerArchive);
    const [image, ...rest] = await resolveAll(source);
    assert.equal(rest.length, 0);
    const m = image!.metadata;
    assert.equal(m.source, "docker-archive");
    assert.deepEqual(m.repoTags, ["docker.io/scanner-test/bookworm:latest"]);
    assert.equal(m.layers.length, images.expected.bookworm.layers);
    assert.deepEqual(m.layers.map((l) => l.diffId), m.config.diffIds);
    assert.deepEqual(m.layers.map((l) => l.digest), m.config.diffIds, "stored blobs are the uncompressed tars");
    assert.equal(m.config.history.length, 5);
    assert.ok(m.config.history[4]!.emptyLayer);
    assert.match(m.config.history[4]!.createdBy!, /^CMD/);
    assert.deepEqual(m.layers.map((l) => l.createdBy), m.config.history.slice(0, 4).map((h) => h.createdBy));
    assert.deepEqual(m.platform, { os: "linux", architecture: "amd64" });
    assert.equal(m.manifestDigest, undefined);
    const sizes = await drainLayers(image!);
    assert.deepEqual(sizes, m.layers.map((l) => l.size));
    reference = m;
    await source.close();
  });

  it("reads the Docker >= 25 layout with its OCI manifest, to the same image", async () => {
    const source = await open(images.dockerSaveV25);
    const [image] = await resolveAll(source);
    const m = image!.metadata;
    assert.deepEqual(m.repoTags, ["scanner-test/bookworm:latest"]);
    assert.match(m.manifestDigest ?? "", /^sha256:[a-f0-9]{64}$/);
    assert.equal(m.annotations["io.containerd.image.name"], "docker.io/scanner-test/bookworm:latest");
    assert.equal(m.configDigest, reference.configDigest);
    assert.deepEqual(m.config, reference.config);
    assert.deepEqual(m.layers.map((l) => l.digest), reference.config.diffIds);
    assert.deepEqual(m.layers.map((l) => l.createdBy), reference.layers.map((l) => l.createdBy));
    await drainLayers(image!);
    await source.close();
  });

  it("reads a gzipped copy of the classic archive and removes its temp file on close", async () => {
    const gz = join(tmp, "bookworm.tar.gz");
    await gzipFile(images.dockerArchive, gz);
    const source = await open(gz);
    assert.equal(readdirSync(work).length, 1);
    const [image] = await resolveAll(source);
    assert.equal(image!.metadata.configDigest, reference.configDigest);
    assert.deepEqual(image!.metadata.layers.map((l) => l.diffId), reference.config.diffIds);
    const [first] = image!.metadata.layers;
    const stream = await image!.openLayer(first!);
    let n = 0;
    for await (const c of stream as AsyncIterable<Buffer>) n += c.length;
    assert.equal(n, first!.size);
    await source.close();
    await source.close();
    assert.deepEqual(readdirSync(work), []);
  });

  it("reads the rocky9 rpm archive (one layer)", async () => {
    const source = await open(images.rpmDockerArchive);
    const [image] = await resolveAll(source);
    const m = image!.metadata;
    assert.deepEqual(m.repoTags, ["docker.io/scanner-test/rocky9-rpm:latest"]);
    assert.equal(m.layers.length, 1);
    assert.equal(m.config.diffIds.length, 1);
    assert.deepEqual(await drainLayers(image!), [m.layers[0]!.size]);
    await source.close();
  });

  describe("several images and bad input", () => {
    let members: TarMember[];
    let manifest: { Config: string; RepoTags: string[]; Layers: string[] }[];
    const variant = async (name: string, change: (ms: TarMember[]) => TarMember[]): Promise<string> => {
      const file = join(tmp, name);
      await writeTar(file, change(members.map((m) => ({ ...m }))));
      return file;
    };
    const replace = (ms: TarMember[], name: string, data: Buffer | string): TarMember[] =>
      ms.map((m) => (m.name === name ? { ...m, data } : m));
    before(async () => {
      members = await readTar(images.rpmDockerArchive);
      manifest = JSON.parse(String(members.find((m) => m.name === "manifest.json")!.data)) as typeof manifest;
    });

    it("picks an image by tag, and lists the tags when none or a wrong one is asked for", async () => {
      const two = [manifest[0]!, { ...manifest[0]!, RepoTags: ["example.com/other:1.0"] }];
      const file = await variant("two.tar", (ms) => replace(ms, "manifest.json", JSON.stringify(two)));
      const byTag = await resolveAll(await open(file, "example.com/other:1.0"));
      assert.deepEqual(byTag[0]!.metadata.repoTags, ["example.com/other:1.0"]);
      const short = await resolveAll(await open(file, "scanner-test/rocky9-rpm"));
      assert.deepEqual(short[0]!.metadata.repoTags, ["docker.io/scanner-test/rocky9-rpm:latest"]);
      await assert.rejects(resolveAll(await open(file)), (err) => {
        assert.ok(isDredgeError(err, "USAGE"));
        assert.match(err.hint ?? "", /rocky9-rpm:latest.*example\.com\/other:1\.0/);
        return true;
      });
      await assert.rejects(resolveAll(await open(file, "nope:2")), (err) => {
        assert.ok(isDredgeError(err, "IMAGE_NOT_FOUND"));
        assert.match(err.message, /nope:2/);
        assert.match(err.hint ?? "", /example\.com\/other:1\.0/);
        return true;
      });
    });

    it("fails clearly on a broken manifest.json, a missing layer, a corrupt layer", async () => {
      const layerName = manifest[0]!.Layers[0]!;
      const layer = members.find((m) => m.name === layerName)!.data as Buffer;
      const corrupt = Buffer.from(layer);
      corrupt[corrupt.length - 2000] = corrupt[corrupt.length - 2000]! ^ 0xff;
      const notJson = await variant("notjson.tar", (ms) => replace(ms, "manifest.json", "{ not json"));
      const noLayer = await variant("nolayer.tar", (ms) => ms.filter((m) => m.name !== layerName));
      const bad = await variant("corrupt.tar", (ms) => replace(ms, layerName, corrupt));
      const badConfig = await variant("badconfig.tar", (ms) => replace(ms, manifest[0]!.Config, '{"rootfs":{"diff_ids":[]}}'));
      await assert.rejects(resolveAll(await open(notJson)), (err) => isDredgeError(err, "INVALID_ARCHIVE") && /notjson\.tar: manifest\.json is not valid JSON/.test(err.message));
      await assert.rejects(resolveAll(await open(noLayer)), (err) => isDredgeError(err, "INVALID_ARCHIVE") && err.message.includes(layerName) && err.message.includes("missing"));
      await assert.rejects(resolveAll(await open(badConfig)), (err) => isDredgeError(err, "DIGEST_MISMATCH") && err.message.includes(manifest[0]!.Config));
      const [image] = await resolveAll(await open(bad));
      assert.notEqual(digestOf(corrupt), image!.metadata.layers[0]!.digest);
      await assert.rejects(drainLayers(image!), (err) => isDredgeError(err, "DIGEST_MISMATCH") && err.message.includes("corrupt.tar") && err.message.includes("layer 1"));
    });

    it("rejects a tar that is not an image", async () => {
      const file = join(tmp, "plain.tar");
      await writeTar(file, [{ name: "hello.txt", data: "hi" }]);
      await assert.rejects(resolveAll(await open(file)), (err) => isDredgeError(err, "INVALID_ARCHIVE") && err.message.includes("plain.tar"));
    });
  });

  it("normalises tags the way Docker does", () => {
    assert.equal(normaliseTag("docker.io/library/alpine"), "alpine:latest");
    assert.equal(normaliseTag("alpine:3.20"), "alpine:3.20");
    assert.equal(normaliseTag("localhost:5000/a"), "localhost:5000/a:latest");
    const e = { Config: "c.json", Layers: [] };
    assert.throws(() => pickArchiveEntry([], undefined, "x"), /say which/);
    assert.equal(pickArchiveEntry([e], undefined, "x"), e);
  });
});
