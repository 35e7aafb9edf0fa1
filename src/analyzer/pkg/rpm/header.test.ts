import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseRpmHeader, TAG } from "./header.js";
import { headerToPackage, parseSourceRpm } from "./package.js";

type Entry = { tag: number; type: number; data: Buffer; count: number };
const str = (tag: number, s: string): Entry => ({ tag, type: 6, data: Buffer.from(`${s}\0`), count: 1 });
const strs = (tag: number, a: string[]): Entry => ({ tag, type: 8, data: Buffer.from(a.map((s) => `${s}\0`).join("")), count: a.length });
const int32 = (tag: number, a: number[]): Entry => {
  const data = Buffer.alloc(4 * a.length);
  a.forEach((n, i) => data.writeUInt32BE(n, 4 * i));
  return { tag, type: 4, data, count: a.length };
};

/** Build a header blob the way rpm lays it out (int32 data aligned to 4). */
function blob(entries: Entry[]): Buffer {
  const index = Buffer.alloc(16 * entries.length);
  const parts: Buffer[] = [];
  let off = 0;
  entries.forEach((e, i) => {
    if (e.type === 4 && off % 4 !== 0) {
      parts.push(Buffer.alloc(4 - (off % 4)));
      off += 4 - (off % 4);
    }
    index.writeInt32BE(e.tag, 16 * i);
    index.writeUInt32BE(e.type, 16 * i + 4);
    index.writeInt32BE(off, 16 * i + 8);
    index.writeUInt32BE(e.count, 16 * i + 12);
    parts.push(e.data);
    off += e.data.length;
  });
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(off, 4);
  return Buffer.concat([head, index, ...parts]);
}

describe("rpm header parser", () => {
  it("old FILENAMES list, epoch, source rpm, modularity label", () => {
    const h = parseRpmHeader(
      blob([
        str(TAG.NAME, "nodejs"), str(TAG.VERSION, "18.14.2"), str(TAG.RELEASE, "2.module+el8.7.0+1"), int32(TAG.EPOCH, [1]),
        str(TAG.ARCH, "x86_64"), str(TAG.SOURCERPM, "nodejs-18.14.2-2.module+el8.7.0+1.src.rpm"),
        str(TAG.MODULARITYLABEL, "nodejs:18:8070020230306170042:ad008a3a"), strs(TAG.FILENAMES, ["/usr/bin/node", "/usr/bin/npm"]),
      ]),
    );
    assert.ok(typeof h !== "string");
    const pkg = headerToPackage(h, "/var/lib/rpm/Packages");
    assert.ok(pkg && typeof pkg !== "string");
    assert.deepEqual(
      [pkg.name, pkg.epoch, pkg.version, pkg.release, pkg.modularityLabel, pkg.files],
      ["nodejs", 1, "18.14.2", "2.module+el8.7.0+1", "nodejs:18:8070020230306170042:ad008a3a", ["/usr/bin/node", "/usr/bin/npm"]],
    );
    assert.deepEqual(pkg.source, { name: "nodejs", version: "18.14.2", release: "2.module+el8.7.0+1", epoch: 1 });
  });

  it("DIRNAMES/BASENAMES/DIRINDEXES", () => {
    const h = parseRpmHeader(
      blob([str(TAG.NAME, "a"), str(TAG.VERSION, "1"), strs(TAG.DIRNAMES, ["/etc/", "/usr/bin/"]), strs(TAG.BASENAMES, ["x", "y", "z"]), int32(TAG.DIRINDEXES, [1, 0, 1])]),
    );
    assert.ok(typeof h !== "string");
    const pkg = headerToPackage(h, "/p");
    assert.ok(pkg && typeof pkg !== "string");
    assert.deepEqual(pkg.files, ["/usr/bin/x", "/etc/y", "/usr/bin/z"]);
  });

  it("a later (dribble) entry replaces an earlier one; region tags are skipped", () => {
    const region: Entry = { tag: 63, type: 7, data: Buffer.alloc(16), count: 16 };
    const h = parseRpmHeader(blob([region, str(TAG.NAME, "a"), str(TAG.VERSION, "1"), str(TAG.LICENSE, "GPL"), str(TAG.LICENSE, "MIT")]));
    assert.ok(typeof h !== "string");
    assert.equal(h.tags.get(TAG.LICENSE), "MIT");
    assert.equal(h.tags.has(63), false);
  });

  it("gpg-pubkey is not a package", () => {
    const h = parseRpmHeader(blob([str(TAG.NAME, "gpg-pubkey"), str(TAG.VERSION, "fd431d51"), str(TAG.RELEASE, "4ae0493b")]));
    assert.ok(typeof h !== "string");
    assert.equal(headerToPackage(h, "/p"), undefined);
  });

  it("bad headers give error texts", () => {
    const good = blob([str(TAG.NAME, "a"), str(TAG.VERSION, "1")]);
    const badCount = Buffer.from(good);
    badCount.writeUInt32BE(0x10000, 0);
    assert.equal(parseRpmHeader(badCount), "bad header index count 65536");
    assert.match(String(parseRpmHeader(good.subarray(0, good.length - 1))), /header needs \d+ bytes/);
    const badOffset = Buffer.from(good);
    badOffset.writeInt32BE(0x7fff, 8 + 8);
    assert.match(String(parseRpmHeader(badOffset)), /^tag 1000: offset 32767 outside/);
    const unterminated = Buffer.from(good);
    unterminated[unterminated.length - 1] = 0x41;
    assert.match(String(parseRpmHeader(unterminated)), /unterminated/);
    assert.equal(parseRpmHeader(Buffer.alloc(3)), "header blob of 3 bytes is too short");
  });

  it("random bytes never throw", () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n < 500; n++) {
      const b = Buffer.alloc(8 + (rnd() % 200));
      for (let i = 0; i < b.length; i++) b[i] = rnd() & 0xff;
      b.writeUInt32BE(rnd() % 6, 0);
      b.writeUInt32BE(rnd() % 100, 4);
      const h = parseRpmHeader(b);
      if (typeof h !== "string") headerToPackage(h, "/p");
    }
  });

  it("source rpm names", () => {
    assert.deepEqual(parseSourceRpm("util-linux-2.32.1-42.el8_8.src.rpm"), { name: "util-linux", version: "2.32.1", release: "42.el8_8" });
    assert.deepEqual(parseSourceRpm("foo-1-2.nosrc.rpm"), { name: "foo", version: "1", release: "2" });
    assert.equal(parseSourceRpm("(none)"), undefined);
  });
});
