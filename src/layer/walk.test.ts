import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { memoryLogger } from "../util/log.js";
import { openLayerTar } from "./decompress.js";
import { walkLayer } from "./walk.js";
import { gzip, manyEntries, tarBuffer, walkBytes, where, zstdRawFrame, type TarSpec } from "../../test/helpers/hostile-tars.js";

const basic: TarSpec[] = [
  { name: "./", type: "directory" },
  { name: "./etc/", type: "directory" },
  { name: "./etc/os-release", content: "ID=debian\n" },
  { name: "./etc/.wh.motd" },
  { name: "./opt/app/.wh..wh..opq" },
  { name: "./opt/app/index.js", content: "x" },
  { name: "./bin", type: "symlink", linkname: "usr/bin" },
  { name: "./etc/os-release.hard", type: "link", linkname: "./etc/os-release" },
  { name: `./deep/${"n".repeat(150)}/file`, content: "long name via PAX" },
  { name: "./dev/null", type: "character-device" },
  { name: "./dev/sda", type: "block-device" },
  { name: "./run/pipe", type: "fifo" },
];
const basicEvents = [
  "dir /etc",
  "file /etc/os-release +content",
  "whiteout /etc/motd",
  "opaque /opt/app",
  "file /opt/app/index.js +content",
  "symlink /bin -> usr/bin",
  "hardlink /etc/os-release.hard -> /etc/os-release",
  `file /deep/${"n".repeat(150)}/file +content`,
  "char /dev/null",
  "block /dev/sda",
  "fifo /run/pipe",
];

describe("walkLayer: well-formed layers", () => {
  for (const [name, wrap] of [
    ["plain tar", (b: Buffer) => b],
    ["gzip", gzip],
    ["zstd", (b: Buffer) => zstdRawFrame(b)],
    ["zstd, two frames", (b: Buffer) => Buffer.concat([zstdRawFrame(b.subarray(0, 1000)), zstdRawFrame(b.subarray(1000))])],
  ] as const) {
    it(`yields every kind of event (${name})`, async () => {
      const r = await walkBytes(wrap(await tarBuffer(basic)));
      assert.equal(r.error, undefined);
      assert.deepEqual(r.events, basicEvents);
      assert.equal(r.contents.get("/etc/os-release"), "ID=debian\n");
      assert.equal(r.contents.get(`/deep/${"n".repeat(150)}/file`), "long name via PAX");
      assert.deepEqual(r.warnings, []);
    });
  }

  const zstdCli = (() => {
    try {
      execFileSync("zstd", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  for (const args of [["-3"], ["-19", "--long=23"], ["-1", "--no-check"]]) {
    it(`reads layers compressed by the zstd tool (${args.join(" ")})`, { skip: !zstdCli && "zstd not installed" }, async () => {
      const files: TarSpec[] = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, content: `${i} `.repeat(20_000 + i * 997) }));
      const tar = await tarBuffer(files);
      const z = execFileSync("zstd", ["-q", "-c", ...args], { input: tar, maxBuffer: 1 << 28 });
      const r = await walkBytes(z);
      assert.equal(r.error, undefined, String(r.error));
      assert.equal(r.events.length, 40);
      for (const [i, f] of files.entries()) assert.equal(r.contents.get(`/f${i}`), f.content, `/f${i}`);
    });
  }

  it("drains contents the consumer does not read", async () => {
    const big = "z".repeat(3 * 1024 * 1024);
    const r = await walkBytes(gzip(await tarBuffer([{ name: "a", content: big }, { name: "b", content: "after" }])), undefined, false);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events, ["file /a +content", "file /b +content"]);
  });

  it("gives the consumer the exact bytes of large files", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 7, 1).toString();
    const r = await walkBytes(await tarBuffer([{ name: "big", content: big }, { name: "small", content: "s" }]));
    assert.equal(createHash("sha256").update(r.contents.get("/big")!).digest("hex"), createHash("sha256").update(big).digest("hex"));
    assert.equal(r.contents.get("/small"), "s");
  });

  it("accepts a tar without its end-of-archive blocks", async () => {
    const tar = await tarBuffer([{ name: "a", content: "1" }, { name: "b", content: "2" }], { trailer: false });
    assert.equal(tar.length % 512, 0);
    const r = await walkBytes(gzip(tar));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events, ["file /a +content", "file /b +content"]);
  });

  it("accepts a tar that ends right after the last file's data (no padding, no trailer: umoci 0.4.7)", async () => {
    const tar = await tarBuffer([{ name: "a", content: "1" }, { name: "QUIRK", content: "layer written by umoci insert\n" }], { trailer: false });
    const r = await walkBytes(gzip(tar.subarray(0, tar.length - 512 + 30)));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events, ["file /a +content", "file /QUIRK +content"]);
    assert.equal(r.contents.get("/QUIRK"), "layer written by umoci insert\n");
  });

  it("accepts an empty blob as an empty layer", async () => {
    const r = await walkBytes(Buffer.alloc(0));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events, []);
  });

  it("stops early when the consumer breaks out of the loop", async () => {
    const blob = gzip(await tarBuffer(manyEntries(100)));
    let n = 0;
    for await (const _ of walkLayer(openLayerTar(Readable.from([blob]), where), { where, logger: memoryLogger() })) {
      if (++n === 3) break;
    }
    assert.equal(n, 3);
  });
});
