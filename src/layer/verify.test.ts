import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { isDredgeError, type ErrorCode } from "../errors.js";
import { memoryLogger } from "../util/log.js";
import { tarBuffer, zstdRawFrame } from "../../test/helpers/hostile-tars.js";
import { defaultWalkLimits } from "./types.js";
import { readVerifiedLayer, type LayerExpectation } from "./verify.js";
import { walkLayer } from "./walk.js";

const where = "layer 1 (sha256:test)";
const sha256 = (b: Buffer): string => `sha256:${createHash("sha256").update(b).digest("hex")}`;
const status = (name: string): string => `Package: ${name}\nStatus: install ok installed\nVersion: 1.0\n\n`;
const dpkgTar = (name: string): Promise<Buffer> => tarBuffer([{ name: "var/lib/dpkg/status", content: status(name) }]);

/** A blob served in 4 KiB chunks, as a file or socket would. */
const chunked = (blob: Buffer): Readable =>
  Readable.from(Array.from({ length: Math.max(1, Math.ceil(blob.length / 4096)) }, (_, i) => blob.subarray(i * 4096, i * 4096 + 4096)));

/** Walk `blob` reading every file; returns the paths seen and the verified digests. */
async function read(blob: Buffer | Readable, expect: Partial<LayerExpectation> & { diffId: string }) {
  const raw = Buffer.isBuffer(blob) ? chunked(blob) : blob;
  const full = { maxBytes: defaultWalkLimits.maxLayerBytes, ...expect };
  return readVerifiedLayer(raw, full, where, async (tar) => {
    const paths: string[] = [];
    for await (const ev of walkLayer(tar, { where, logger: memoryLogger() })) {
      if (ev.kind !== "entry") continue;
      paths.push(ev.info.path);
      if (ev.content) for await (const _ of ev.content) void _;
    }
    return paths;
  });
}

const rejectsWith = (p: Promise<unknown>, code: ErrorCode, re: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(isDredgeError(e, code), `expected ${code}, got ${String(e)}`);
    assert.match(e.message, re);
    assert.ok(e.message.includes(where), "the message names the layer");
    return true;
  });

describe("readVerifiedLayer", () => {
  it("passes a genuine gzip, zstd or plain layer and returns the digests it computed", async () => {
    const tar = await dpkgTar("genuine");
    for (const blob of [gzipSync(tar), zstdRawFrame(tar), tar]) {
      const r = await read(blob, { digest: sha256(blob), size: blob.length, diffId: sha256(tar) });
      assert.deepEqual(r.value, ["/var/lib/dpkg/status"]);
      assert.equal(r.digests.blob, sha256(blob));
      assert.equal(r.digests.diffId, sha256(tar));
    }
  });

  it("concatenated gzip members are one legal stream", async () => {
    const tar = await dpkgTar("members");
    const blob = Buffer.concat([gzipSync(tar.subarray(0, 700)), gzipSync(tar.subarray(700))]);
    const r = await read(blob, { digest: sha256(blob), size: blob.length, diffId: sha256(tar) });
    assert.equal(r.digests.compression, "gzip");
  });

  it("issue #22: gzip(tar(fake dpkg status)) + zero padding under the genuine digest and size is a DIGEST_MISMATCH", async () => {
    const genuine = gzipSync(Buffer.concat([await dpkgTar("genuine"), randomBytes(20_000)]), { level: 0 });
    const fakeTar = await dpkgTar("fake");
    const fake = gzipSync(fakeTar);
    assert.ok(fake.length < genuine.length);
    const served = Buffer.concat([fake, Buffer.alloc(genuine.length - fake.length)]);
    const expect = { digest: sha256(genuine), size: genuine.length, diffId: sha256(fakeTar) };
    await rejectsWith(read(served, expect), "DIGEST_MISMATCH", new RegExp(`expected ${expect.digest}, the bytes read hash to ${sha256(served)}`));
  });

  it("a diff_id that does not match the uncompressed tar is a DIGEST_MISMATCH (docker-archive gzip layers have no blob digest)", async () => {
    const tar = await dpkgTar("fake");
    const blob = gzipSync(tar);
    const claimed = sha256(Buffer.from("another layer"));
    await rejectsWith(read(blob, { diffId: claimed }), "DIGEST_MISMATCH", new RegExp(`diff_id mismatch: the image config says ${claimed}, the uncompressed layer hashes to ${sha256(tar)}`));
    await rejectsWith(read(tar, { diffId: claimed }), "DIGEST_MISMATCH", new RegExp(`expected ${claimed}`));
  });

  it("data after the end of the gzip stream is rejected even when the digest covers it", async () => {
    const tar = await dpkgTar("genuine");
    for (const tail of [Buffer.alloc(1), Buffer.alloc(70_000), Buffer.from("trailing garbage")]) {
      const blob = Buffer.concat([gzipSync(tar), tail]);
      await rejectsWith(read(blob, { digest: sha256(blob), size: blob.length, diffId: sha256(tar) }), "CORRUPT_LAYER", /follows the end of the gzip stream|corrupt or truncated gzip/);
    }
    const zstd = Buffer.concat([zstdRawFrame(tar), Buffer.alloc(64)]);
    await rejectsWith(read(zstd, { digest: sha256(zstd), size: zstd.length, diffId: sha256(tar) }), "CORRUPT_LAYER", /zstd/);
  });

  it("issue #22: random bytes served for a blob are a digest mismatch, not 'not a valid tar'", async () => {
    const genuine = gzipSync(await dpkgTar("genuine"));
    const diffId = sha256(await dpkgTar("genuine"));
    for (const junk of [randomBytes(genuine.length), Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(genuine.length - 2)])]) {
      await rejectsWith(read(junk, { digest: sha256(genuine), size: genuine.length, diffId }), "DIGEST_MISMATCH", /digest mismatch/);
    }
    // a plain-tar layer of a docker archive: its digest is its diff_id
    const tar = await dpkgTar("genuine");
    await rejectsWith(read(randomBytes(tar.length), { diffId: sha256(tar) }), "DIGEST_MISMATCH", /digest mismatch/);
  });

  it("a corrupt layer whose digest matches keeps its own error", async () => {
    const blob = gzipSync(await dpkgTar("x")).subarray(0, 40);
    await rejectsWith(read(blob, { digest: sha256(blob), size: blob.length, diffId: sha256(Buffer.from("x")) }), "CORRUPT_LAYER", /gzip/);
  });

  it("more bytes than the descriptor's size fail at once, without reading an endless stream", async () => {
    const blob = gzipSync(await dpkgTar("genuine"));
    let served = 0;
    const endless = new Readable({
      read() {
        served += 65536;
        this.push(served === 65536 ? Buffer.concat([blob, Buffer.alloc(65536 - blob.length)]) : Buffer.alloc(65536));
      },
    });
    await rejectsWith(read(endless, { digest: sha256(blob), size: blob.length, diffId: sha256(Buffer.alloc(0)) }), "DIGEST_MISMATCH", new RegExp(`size mismatch: the manifest says ${blob.length} bytes`));
    assert.ok(served < 1024 * 1024, `read ${served} bytes`);
    const short = blob.subarray(0, blob.length - 1);
    await rejectsWith(read(short, { digest: sha256(blob), size: blob.length, diffId: sha256(Buffer.alloc(0)) }), "DIGEST_MISMATCH", /size mismatch|digest mismatch/);
  });

  it("a diff_id that is not a digest Dredge can verify is refused before reading", async () => {
    const tar = await dpkgTar("genuine");
    await assert.rejects(read(tar, { diffId: "sha256:not-hex" }), (e: unknown) => isDredgeError(e, "INVALID_MANIFEST") && /not-hex/.test(e.message));
    await assert.rejects(read(tar, { diffId: sha256(tar), digest: "md5:00" }), (e: unknown) => isDredgeError(e, "INVALID_MANIFEST"));
  });

  it("what follows the tar's end is decompressed, hashed and bounded by maxBytes (no bomb after the end)", async () => {
    const tar = await dpkgTar("genuine");
    const padded = Buffer.concat([tar, Buffer.alloc(4 * 1024 * 1024)]);
    const blob = gzipSync(padded);
    const ok = await read(blob, { digest: sha256(blob), diffId: sha256(padded) });
    assert.equal(ok.digests.diffId, sha256(padded), "the zeros after the end-of-archive blocks are part of the diff_id");
    await rejectsWith(read(blob, { digest: sha256(blob), diffId: sha256(padded), maxBytes: 1024 * 1024 }), "LIMIT_EXCEEDED", /more than 1048576 uncompressed bytes/);
  });
});
