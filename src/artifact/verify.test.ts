/**
 * Issue #22: every layer byte is verified before its analysis is used or cached, from every source, and
 * the layer cache cannot be poisoned. Images are generated here (test/helpers/tampered-images.ts).
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzers } from "../analyzer/registry.js";
import { fileLayerCache } from "../cache/layer-cache.js";
import { isDredgeError } from "../errors.js";
import { openImageTarget } from "../image/target.js";
import { buildInventory } from "../inventory/build.js";
import { silentLogger } from "../util/log.js";
import { gzipFile } from "../image/archive/testing.js";
import {
  debianLayer, fakePadded, imageParts, serveImage, writeClassicArchive, writeLayoutArchive, writeLayoutDir, type ImageParts, type Served,
} from "../../test/helpers/tampered-images.js";
import { analyzeImage } from "./image.js";

const GENUINE = ["genuine-tool", "libgenuine1"];
const FAKE = ["fake-clean"];

let tmp: string;
let n = 0;
const fresh = (name: string): string => join(tmp, `${n++}-${name}`);
before(() => {
  tmp = mkdtempSync(join(tmpdir(), "dredge-verify-"));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Random bytes make the genuine layer larger than a gzipped fake one, and larger than the chunks a socket
 * or file delivers: the zero padding then arrives after the fake gzip stream has ended.
 */
const genuineLayer = (packages = GENUINE) => [...debianLayer(packages), { path: "opt/app/data.bin", content: randomBytes(1024 * 1024) }];

/** Scan `target` with a file layer cache in `cacheDir`: the package names found. */
async function scan(target: string, cacheDir: string): Promise<string[]> {
  const source = await openImageTarget(target, { tmpDir: tmp, logger: silentLogger });
  try {
    const [image] = await source.resolve({ logger: silentLogger });
    const a = await analyzeImage(image!, { analyzers, logger: silentLogger, cache: fileLayerCache(cacheDir) });
    return buildInventory(a).packages.map((p) => p.name).sort();
  } finally {
    await source.close();
  }
}

/** Number of analyses in the cache. */
function cached(cacheDir: string): number {
  try {
    return readdirSync(join(cacheDir, "layers"), { recursive: true }).filter((f) => String(f).endsWith(".json.gz")).length;
  } catch {
    return 0;
  }
}

/** The analysis names the layer; the registry's own check in transit names the blob and the repository. */
const rejectsDigest = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(isDredgeError(e, "DIGEST_MISMATCH"), `expected DIGEST_MISMATCH, got ${String(e)}`);
    assert.match(e.message, re);
    assert.match(e.message, /layer 1 \(sha256:|^blob sha256:[a-f0-9]{64} of 127\.0\.0\.1:\d+\//, "the message names the layer");
    return true;
  });

/** The genuine image, and the attack on it: gzip(tar(fake status)) + zeros under the genuine digest. */
async function attacked(): Promise<{ parts: ImageParts; served: Served }> {
  const parts = await imageParts([genuineLayer()]);
  return { parts, served: new Map([[parts.layerDigests[0]!, await fakePadded(parts.blobs[0]!, FAKE)]]) };
}

describe("layers are verified to their last byte before use (issue #22)", () => {
  it("registry: a padded fake under the genuine digest and size fails, caches nothing; the genuine image scans", async () => {
    const { parts, served } = await attacked();
    const cacheDir = fresh("cache");
    const evil = await serveImage("team/app", parts, served);
    try {
      await rejectsDigest(scan(`${new URL(evil.url).host}/team/app`, cacheDir), new RegExp(`expected ${parts.layerDigests[0]}`));
    } finally {
      await evil.close();
    }
    assert.equal(cached(cacheDir), 0, "nothing cached under the genuine diffID");
    const good = await serveImage("team/app", parts);
    try {
      assert.deepEqual(await scan(`${new URL(good.url).host}/team/app`, cacheDir), GENUINE);
    } finally {
      await good.close();
    }
    assert.equal(cached(cacheDir), 1);
  });

  it("registry: random bytes served for a blob are a digest mismatch, not 'not a valid tar'", async () => {
    const parts = await imageParts([genuineLayer()]);
    const junk = new Map([[parts.layerDigests[0]!, randomBytes(parts.blobs[0]!.length)]]);
    const server = await serveImage("team/app", parts, junk);
    try {
      await rejectsDigest(scan(`${new URL(server.url).host}/team/app`, fresh("cache")), /digest mismatch/);
    } finally {
      await server.close();
    }
  });

  it("OCI layout and OCI archive: a padded fake blob under the genuine name fails and caches nothing", async () => {
    const { parts, served } = await attacked();
    const cacheDir = fresh("cache");
    const dir = fresh("layout");
    await writeLayoutDir(dir, parts, served);
    await rejectsDigest(scan(`oci:${dir}`, cacheDir), /digest mismatch/);
    const archive = fresh("oci.tar");
    await writeLayoutArchive(archive, parts, served);
    await rejectsDigest(scan(archive, cacheDir), /digest mismatch/);
    assert.equal(cached(cacheDir), 0);
  });

  it("docker archive: classic plain-tar layers, gzip layers (no digest in the archive) and a gzipped archive", async () => {
    const { parts, served } = await attacked();
    const cacheDir = fresh("cache");
    const plain = fresh("classic.tar");
    const fakeTar = (await imageParts([debianLayer(FAKE)])).tars[0]!;
    const paddedTar = Buffer.concat([fakeTar, Buffer.alloc(parts.tars[0]!.length - fakeTar.length)]);
    await writeClassicArchive(plain, parts, { served: new Map([[parts.layerDigests[0]!, paddedTar]]) });
    await rejectsDigest(scan(plain, cacheDir), new RegExp(`expected ${parts.diffIds[0]}`));
    const gz = fresh("classic-gzip-layers.tar");
    await writeClassicArchive(gz, parts, { gzipLayers: true, served });
    await rejectsDigest(scan(gz, cacheDir), /diff_id mismatch/);
    await gzipFile(gz, `${gz}.gz`);
    await rejectsDigest(scan(`${gz}.gz`, cacheDir), /diff_id mismatch/);
    assert.equal(cached(cacheDir), 0);
    const genuine = fresh("genuine.tar");
    await writeClassicArchive(genuine, parts, { gzipLayers: true });
    assert.deepEqual(await scan(genuine, cacheDir), GENUINE);
  });

  it("a cache hit on a local image hashes the blob: a blob swapped after a scan is not trusted by name", async () => {
    const { parts, served } = await attacked();
    const cacheDir = fresh("cache");
    const dir = fresh("layout");
    await writeLayoutDir(dir, parts);
    assert.deepEqual(await scan(`oci:${dir}`, cacheDir), GENUINE);
    await writeLayoutDir(dir, parts, served);
    await rejectsDigest(scan(`oci:${dir}`, cacheDir), /digest mismatch/);
  });
});

describe("a config claiming another image's diffID cannot poison the cache (issue #22)", () => {
  /** Image A, and image B whose own layer lists other packages but whose config claims A's diffID. */
  async function pair(): Promise<{ a: ImageParts; b: ImageParts }> {
    const a = await imageParts([genuineLayer()]);
    const b = await imageParts([genuineLayer(["evil-tool"])], { diffIds: a.diffIds });
    return { a, b };
  }

  it("local layouts, B scanned first: B fails on its diffID, caches nothing, and A scans with its packages", async () => {
    const { a, b } = await pair();
    const cacheDir = fresh("cache");
    const [dirA, dirB] = [fresh("a"), fresh("b")];
    await writeLayoutDir(dirA, a);
    await writeLayoutDir(dirB, b);
    await rejectsDigest(scan(`oci:${dirB}`, cacheDir), /diff_id mismatch/);
    assert.equal(cached(cacheDir), 0);
    assert.deepEqual(await scan(`oci:${dirA}`, cacheDir), GENUINE);
  });

  it("registry, A scanned first: B gets no cache hit from the diffID it claims, fails, and A still scans", async () => {
    const { a, b } = await pair();
    const cacheDir = fresh("cache");
    const [sa, sb] = [await serveImage("a/app", a), await serveImage("b/app", b)];
    try {
      assert.deepEqual(await scan(`${new URL(sa.url).host}/a/app`, cacheDir), GENUINE);
      await rejectsDigest(scan(`${new URL(sb.url).host}/b/app`, cacheDir), /diff_id mismatch/);
      assert.equal(cached(cacheDir), 1);
      assert.deepEqual(await scan(`${new URL(sa.url).host}/a/app`, cacheDir), GENUINE);
      const layerGets = sa.requests.filter((r) => r === `/v2/a/app/blobs/${a.layerDigests[0]}`);
      assert.equal(layerGets.length, 1, "the second scan of A is a cache hit, without a download");
    } finally {
      await sa.close();
      await sb.close();
    }
  });
});
