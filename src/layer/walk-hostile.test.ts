/** The walker against hostile and broken layers: each gives its documented outcome, never a crash. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { DredgeError, isDredgeError } from "../errors.js";
import { memoryLogger } from "../util/log.js";
import { openLayerTar } from "./decompress.js";
import { FileTree } from "./file-tree.js";
import { walkLayer } from "./walk.js";
import {
  assertError,
  fileHeader,
  gzip,
  manyEntries,
  tarBuffer,
  walkBytes,
  zstdRawFrame,
  zstdRleBomb,
  type TarSpec,
} from "../../test/helpers/hostile-tars.js";

const ok = (name: string, content = "x"): TarSpec => ({ name, content });

describe("walkLayer: hostile paths are skipped with a warning naming the layer and the path", () => {
  const cases: { name: string; entries: TarSpec[]; events: string[]; warned: string[] }[] = [
    { name: "../ traversal", entries: [ok("../evil"), ok("./../../evil2"), ok("fine")], events: ["file /fine +content"], warned: ["../evil", "./../../evil2"] },
    { name: "a/../../etc/passwd", entries: [ok("a/../../etc/passwd"), ok("a/../b")], events: ["file /b +content"], warned: ["a/../../etc/passwd"] },
    { name: "absolute paths are re-rooted", entries: [ok("/etc/passwd"), ok("//abs//x")], events: ["file /etc/passwd +content", "file /abs/x +content"], warned: [] },
    {
      name: "hard link to ../../etc/shadow",
      entries: [{ name: "shadow", type: "link", linkname: "../../etc/shadow" }, { name: "ok", type: "link", linkname: "/fine" }],
      events: ["hardlink /ok -> /fine"],
      warned: ["shadow"],
    },
    { name: "NUL byte in a PAX path", entries: [{ name: "pax-nul", content: "x", pax: { path: "etc/pa\0sswd" } }], events: [], warned: ["etc/pa"] },
    { name: "absurdly long path", entries: [ok(`${"d/".repeat(3000)}f`)], events: [], warned: ["d/d/d/"] },
    {
      name: "symlinks keep their stored target (even one out of the root), a file 'through' one is just a path",
      entries: [{ name: "evil", type: "symlink", linkname: "/../../etc" }, ok("evil/passwd", "pwned")],
      events: ["symlink /evil -> /../../etc", "file /evil/passwd +content"],
      warned: [],
    },
    {
      name: "device files and fifos have no content",
      entries: [{ name: "dev/mem", type: "character-device" }, { name: "dev/sda", type: "block-device" }, { name: "p", type: "fifo" }],
      events: ["char /dev/mem", "block /dev/sda", "fifo /p"],
      warned: [],
    },
    { name: "malformed whiteouts", entries: [ok("a/.wh."), ok(".wh..wh.plnk/x"), ok("a/.wh..wh.aufs")], events: ["file /.wh..wh.plnk/x +content"], warned: ["a/.wh."] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await walkBytes(gzip(await tarBuffer(c.entries)));
      assert.equal(r.error, undefined, String(r.error));
      assert.deepEqual(r.events, c.events);
      assert.equal(r.warnings.length, c.warned.length, r.warnings.join("\n"));
      c.warned.forEach((path, i) => {
        assert.ok(r.warnings[i]!.includes("layer 1 (sha256:test)"), r.warnings[i]);
        assert.ok(r.warnings[i]!.includes(path), `${r.warnings[i]} names ${path}`);
      });
    });
  }

  it("a file written through a symlink pointing out of the root lands inside the root in the merged view", async () => {
    const r = await walkBytes(gzip(await tarBuffer([{ name: "etc", type: "directory" }, { name: "evil", type: "symlink", linkname: "../../../etc" }, ok("evil/passwd", "pwned")])));
    const tree = new FileTree();
    tree.applyLayer(0, r.events.map(toEvent));
    assert.equal(tree.get("/etc/passwd")?.info.type, "file");
    assert.equal(tree.get("/evil")?.info.type, "symlink");
  });
});

/** Rebuilds a minimal event from describeEvent's text (files only: enough for the merge check). */
function toEvent(text: string) {
  const [type, path, , link] = text.split(" ");
  const t = type as "file" | "dir" | "symlink";
  return { kind: "entry" as const, info: { path: path!, type: t, size: 0, mode: 0o644, uid: 0, gid: 0, linkname: t === "symlink" ? link : undefined } };
}

describe("walkLayer: broken and malicious layers fail with a DredgeError naming the layer", () => {
  it("a declared size larger than the data (truncated in a file) → CORRUPT_LAYER", async () => {
    const tar = await tarBuffer([ok("a", "1"), ok("big", "y".repeat(100_000))]);
    const r = await walkBytes(tar.subarray(0, 512 * 3 + 50_000));
    assertError(r, "CORRUPT_LAYER");
    assert.deepEqual(r.events.slice(0, 2), ["file /a +content", "file /big +content"]);
  });

  it("the same truncation, content not read → CORRUPT_LAYER", async () => {
    const tar = await tarBuffer([ok("big", "y".repeat(100_000))]);
    assertError(await walkBytes(gzip(tar.subarray(0, 30_000)), undefined, false), "CORRUPT_LAYER");
  });

  it("a tar cut inside a header → CORRUPT_LAYER", async () => {
    const tar = await tarBuffer([ok("a", "1"), ok("b", "2")]);
    assertError(await walkBytes(tar.subarray(0, 1024 + 200)), "CORRUPT_LAYER");
  });

  it("a tar cut one byte before the end of a file's data → CORRUPT_LAYER", async () => {
    const tar = await tarBuffer([ok("a", "x".repeat(1000))], { trailer: false });
    assertError(await walkBytes(tar.subarray(0, 512 + 999)), "CORRUPT_LAYER");
  });

  it("truncated gzip → CORRUPT_LAYER", async () => {
    const gz = gzip(await tarBuffer([ok("a", randomBytes(200_000).toString("hex"))]));
    const r = await walkBytes(gz.subarray(0, Math.floor(gz.length / 2)));
    assertError(r, "CORRUPT_LAYER");
    assert.match((r.error as Error).message, /gzip/);
  });

  it("corrupt gzip → CORRUPT_LAYER", async () => {
    const gz = gzip(await tarBuffer([ok("a", "hello".repeat(1000))]));
    gz.fill(0xaa, 20, 60);
    assertError(await walkBytes(gz), "CORRUPT_LAYER");
  });

  it("corrupt zstd (reserved block type) → CORRUPT_LAYER", async () => {
    const z = zstdRawFrame(await tarBuffer([ok("a", "hello")]));
    z[6] = z[6]! | 0b110; // block type 3
    const r = await walkBytes(z);
    assertError(r, "CORRUPT_LAYER");
    assert.match((r.error as Error).message, /zstd/);
  });

  it("truncated zstd → CORRUPT_LAYER", async () => {
    const z = zstdRawFrame(await tarBuffer([ok("a", "hello".repeat(10_000))]));
    assertError(await walkBytes(z.subarray(0, z.length - 100)), "CORRUPT_LAYER");
  });

  it("zstd frame declaring a 2 GiB window → CORRUPT_LAYER before any allocation", async () => {
    const z = zstdRawFrame(await tarBuffer([ok("a", "hello")]), 31);
    const before = process.memoryUsage().arrayBuffers;
    const r = await walkBytes(z);
    assertError(r, "CORRUPT_LAYER");
    assert.match((r.error as Error).message, /window/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
  });

  it("random garbage → CORRUPT_LAYER", async () => {
    const junk = randomBytes(100_000);
    junk[0] = 0x42; // not a compression magic
    assertError(await walkBytes(junk), "CORRUPT_LAYER");
  });

  it("short garbage (less than a tar block) → CORRUPT_LAYER", async () => {
    assertError(await walkBytes(Buffer.from("not a tar at all")), "CORRUPT_LAYER");
  });

  it("gzip bomb → LIMIT_EXCEEDED as soon as the byte limit is crossed", async () => {
    const tar = await tarBuffer([ok("zeros", "\0".repeat(64 * 1024 * 1024))]);
    const bomb = gzip(tar);
    assert.ok(bomb.length < 200_000, `bomb is ${bomb.length} bytes`);
    const r = await walkBytes(bomb, { maxLayerBytes: 1024 * 1024, maxEntries: 100 }, false);
    assertError(r, "LIMIT_EXCEEDED");
    assert.match((r.error as Error).message, /maxLayerBytes/);
  });

  it("zstd bomb → LIMIT_EXCEEDED, decompressed with bounded memory", async () => {
    const header = await fileHeader("zeros", 512 * 1024 * 1024);
    const bomb = zstdRleBomb(header, 4096); // 16 KiB → 512 MiB
    assert.ok(bomb.length < 20_000);
    const before = process.memoryUsage();
    const r = await walkBytes(bomb, { maxLayerBytes: 8 * 1024 * 1024, maxEntries: 100 }, false);
    const after = process.memoryUsage();
    assertError(r, "LIMIT_EXCEEDED");
    const grew = after.arrayBuffers + after.heapUsed - before.arrayBuffers - before.heapUsed;
    assert.ok(grew < 64 * 1024 * 1024, `memory grew by ${Math.round(grew / 1048576)} MiB`);
  });

  it("a zstd bomb within the limit streams through (64 MiB of zeros, content drained)", async () => {
    const header = await fileHeader("zeros", 64 * 1024 * 1024);
    const r = await walkBytes(zstdRleBomb(header, 512), undefined, false);
    assert.equal(r.error, undefined, String(r.error));
    assert.deepEqual(r.events, ["file /zeros +content"]);
  });

  it("too many entries → LIMIT_EXCEEDED", async () => {
    const r = await walkBytes(gzip(await tarBuffer(manyEntries(300))), { maxLayerBytes: 1e9, maxEntries: 100 });
    assertError(r, "LIMIT_EXCEEDED");
    assert.match((r.error as Error).message, /maxEntries/);
    assert.equal(r.events.length, 100);
  });
});

describe("walkLayer: source stream failures", () => {
  it("a source destroyed without an error mid-layer → IO_ERROR, no hang", async () => {
    const gz = gzip(await tarBuffer([ok("a", randomBytes(300_000).toString("hex"))]));
    const raw = new PassThrough();
    raw.write(gz.subarray(0, 10_000));
    setTimeout(() => raw.destroy(), 20);
    const where = "layer 9 (sha256:x)";
    await assert.rejects(
      (async () => {
        for await (const _ of walkLayer(openLayerTar(raw, where), { where, logger: memoryLogger() })) void _;
      })(),
      (e) => isDredgeError(e) && e.message.includes(where),
    );
  });

  it("a DredgeError of the source (DIGEST_MISMATCH) passes through unchanged", async () => {
    const raw = new PassThrough();
    raw.write(gzip(await tarBuffer([ok("a", "1")])).subarray(0, 20));
    setTimeout(() => raw.destroy(new DredgeError("DIGEST_MISMATCH", "layer 2: digest mismatch")), 20);
    await assert.rejects(
      (async () => {
        for await (const _ of walkLayer(openLayerTar(raw, "l"), { where: "l", logger: memoryLogger() })) void _;
      })(),
      (e) => isDredgeError(e, "DIGEST_MISMATCH"),
    );
  });
});

describe("the walker writes nothing", () => {
  it("no walker module imports a file-system API (dir-walk only reads)", () => {
    const dir = import.meta.dirname;
    const readOnly = new Set(["createReadStream", "lstatSync", "readdirSync", "readFileSync", "readlinkSync", "realpath", "Stats", "type Stats"]);
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts") && !x.endsWith(".test.ts"))) {
      const src = readFileSync(join(dir, f), "utf8");
      const names = [...src.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"node:fs[^"]*"/g)].flatMap((m) =>
        m[1]!.split(",").map((x) => x.trim()).filter(Boolean),
      );
      const anyOther = /import\s+(?!type\s*\{)(?:\*|\w+)[^;]*from\s*"node:fs/.test(src);
      assert.equal(anyOther, false, `${f} imports node:fs wholesale`);
      if (f === "dir-walk.ts") assert.deepEqual(names.filter((n) => !readOnly.has(n)), [], f);
      else assert.deepEqual(names, [], `${f} imports the file system`);
    }
  });
});
