import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { OFF_THREAD_MIN_BYTES, streamHash } from "./stream-hash.js";

const data = randomBytes(OFF_THREAD_MIN_BYTES + 3 * 1024 * 1024 + 17);
/** `data` cut into chunks of varying sizes (tiny ones share Node's pool buffer). */
const chunks = (): Buffer[] => {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = [1, 100, 65_536, 700_001, 3_000_000][i % 5]!;
    out.push(Buffer.from(data.subarray(at, at + n)));
    at += n;
  }
  return out;
};

describe("stream hashes on the worker thread", () => {
  for (const algorithm of ["sha256", "sha512"]) {
    it(`${algorithm}: the digest of a large stream is createHash's, on or off the thread`, async () => {
      const want = createHash(algorithm).update(data).digest("hex");
      for (const size of [data.length, undefined]) {
        const h = streamHash(algorithm, size);
        for (const c of chunks()) h.update(c);
        assert.equal(await h.digest(), want, String(size));
      }
    });
  }

  it("several hashes at once, one dropped", async () => {
    const hashes = [0, 1, 2].map(() => streamHash("sha256", data.length));
    hashes[1]!.update(data);
    hashes[1]!.dispose();
    const digests = await Promise.all([hashes[0]!, hashes[2]!].map((h, i) => (h.update(data.subarray(i)), h.digest())));
    assert.deepEqual(digests, [0, 1].map((i) => createHash("sha256").update(data.subarray(i)).digest("hex")));
    await assert.rejects(hashes[0]!.digest(), /already digested/);
  });

  it("the worker does not keep a process alive once its hashes are done", () => {
    const code = `import { streamHash } from ${JSON.stringify(new URL("./stream-hash.ts", import.meta.url).pathname)};
      const h = streamHash("sha256", 1 << 30); h.update(Buffer.alloc(10)); console.log(await h.digest());`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8", timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), createHash("sha256").update(Buffer.alloc(10)).digest("hex"));
  });
});
