import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { zstdRleBomb } from "../../test/helpers/hostile-tars.js";
import { ZstdDecompressor } from "./zstd.js";

describe("ZstdDecompressor", () => {
  it("yields to the event loop while decoding a bomb: a timer can stop it long before the end (cancellation)", async () => {
    const blocks = 8192; // 32 KiB of input → 1 GiB of zeros, in one input chunk
    const full = blocks * 128 * 1024;
    const dec = new ZstdDecompressor(256 * 1024);
    let decoded = 0;
    let atTimer = -1;
    // A consumer that never applies backpressure: without yielding, the whole chunk decodes in one go.
    dec.on("data", (c: Buffer) => void (decoded += c.length));
    const closed = new Promise<void>((resolve) => dec.once("close", resolve));
    setTimeout(() => {
      atTimer = decoded;
      dec.destroy();
    }, 10);
    dec.end(zstdRleBomb(Buffer.alloc(0), blocks));
    await closed;
    assert.ok(atTimer >= 0, "the timer ran");
    assert.ok(atTimer < full, `the timer ran only after all ${full} bytes were decoded`);
    assert.ok(decoded < full, "decoding stops once the stream is destroyed");
  });

  it("still decodes everything when left alone", async () => {
    const dec = new ZstdDecompressor(256 * 1024);
    let decoded = 0;
    dec.on("data", (c: Buffer) => void (decoded += c.length));
    const ended = new Promise<void>((resolve, reject) => dec.once("end", resolve).once("error", reject));
    dec.end(zstdRleBomb(Buffer.from("prefix"), 64));
    await ended;
    assert.equal(decoded, 6 + 64 * 128 * 1024);
  });
});
