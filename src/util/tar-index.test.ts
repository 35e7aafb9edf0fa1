import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { gzipFile, writeTar } from "../image/archive/testing.js";
import { testImages } from "../../test/helpers/images.js";
import { streamTarNames } from "../image/archive/peek.js";
import { indexTarFile, normaliseEntryName, parsePax, sniffBytes } from "./tar-index.js";

/** A raw ustar header block, for the cases tar-stream will not write. */
function header(name: string, size: number, flag: string, linkname = ""): Buffer {
  const b = Buffer.alloc(512);
  b.write(name, 0, 100, "utf8");
  b.write("0000644\0", 100);
  b.write("0000000\0", 108);
  b.write("0000000\0", 116);
  b.write(size.toString(8).padStart(11, "0") + "\0", 124);
  b.write("00000000000\0", 136);
  b.write(flag, 156);
  b.write(linkname, 157, 100, "utf8");
  b.write("ustar\x0000", 257, "latin1");
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const x of b) sum += x;
  b.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return b;
}

const pad = (data: Buffer): Buffer => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
const member = (name: string, data: string, flag = "0"): Buffer => Buffer.concat([header(name, data.length, flag), pad(Buffer.from(data))]);
const end = Buffer.alloc(1024);

describe("tar index", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "dredge-tarindex-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("indexes a real docker archive like tar(1) lists it, and follows its symlinks", async () => {
    const file = testImages().dockerArchive;
    const index = await indexTarFile(file);
    const listed = execFileSync("tar", ["tf", file], { encoding: "utf8" }).trim().split("\n").map((n) => n.replace(/\/$/, ""));
    assert.deepEqual([...index.entries.keys()].sort(), listed.sort());
    const link = [...index.entries.values()].find((e) => e.type === "symlink" && e.name.endsWith("/layer.tar"));
    assert.ok(link?.linkname);
    const target = index.lookup(link.name);
    assert.equal(target?.name, link.linkname.replace("../", ""));
    const manifest = await index.read("manifest.json", 1 << 20);
    const viaTar = execFileSync("tar", ["xOf", file, "manifest.json"]);
    assert.deepEqual(manifest, viaTar);
    await index.close();
  });

  it("streams an entry as a byte range, equal to what tar(1) extracts", async () => {
    const file = join(tmp, "small.tar");
    const body = "x".repeat(1500) + "end";
    await writeTar(file, [{ name: "a/", type: "directory" }, { name: "a/b.txt", data: body }, { name: "c", data: "" }]);
    const index = await indexTarFile(file);
    const chunks: Buffer[] = [];
    for await (const c of index.open(index.lookup("a/b.txt")!)) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), execFileSync("tar", ["xOf", file, "a/b.txt"], { encoding: "utf8" }));
    const empty: Buffer[] = [];
    for await (const c of index.open(index.lookup("c")!)) empty.push(c as Buffer);
    assert.equal(empty.length, 0);
    assert.equal(index.entries.get("a")?.type, "directory");
  });

  it("reads PAX and GNU long names and links", async () => {
    const long = `${"d".repeat(120)}/${"f".repeat(130)}.txt`;
    const paxBody = (k: string, v: string): string => {
      const rec = ` ${k}=${v}\n`;
      let len = rec.length + 1;
      while (`${len}${rec}`.length !== len) len++;
      return `${len}${rec}`;
    };
    const pax = Buffer.from(paxBody("path", long));
    const gnuName = `${"g".repeat(200)}.bin`;
    const file = join(tmp, "long.tar");
    writeFileSync(
      file,
      Buffer.concat([
        header("PaxHeader", pax.length, "x"), pad(pax), member("short-pax", "pax content"),
        header("././@LongLink", gnuName.length + 1, "L"), pad(Buffer.from(`${gnuName}\0`)), member("short-gnu", "gnu content"),
        header("././@LongLink", long.length + 1, "K"), pad(Buffer.from(`${long}\0`)), header("hard", 0, "1", "ignored"),
        end,
      ]),
    );
    const index = await indexTarFile(file);
    assert.deepEqual([...index.entries.keys()], [long, gnuName, "hard"]);
    assert.equal((await index.read(long, 100)).toString(), "pax content");
    assert.equal((await index.read(gnuName, 100)).toString(), "gnu content");
    assert.equal(index.entries.get("hard")?.linkname, long);
    assert.equal((await index.read("hard", 100)).toString(), "pax content");
    // the system tar agrees on the names
    const listed = execFileSync("tar", ["tf", file], { encoding: "utf8" }).trim().split("\n");
    assert.deepEqual(listed, [long, gnuName, "hard"]);
  });

  it("indexes a gzipped archive through a temp file that close() removes", async () => {
    const plain = join(tmp, "g.tar");
    await writeTar(plain, [{ name: "manifest.json", data: "[]" }, { name: "blob", data: "y".repeat(70_000) }]);
    await gzipFile(plain, join(tmp, "g.tar.gz"));
    const work = mkdtempSync(join(tmp, "work-"));
    const index = await indexTarFile(join(tmp, "g.tar.gz"), { tmpDir: work });
    assert.equal(index.compression, "gzip");
    assert.equal(readdirSync(work).length, 1);
    assert.equal((await index.read("blob", 1 << 20)).length, 70_000);
    await index.close();
    await index.close();
    assert.deepEqual(readdirSync(work), []);
    const names = await streamTarNames(join(tmp, "g.tar.gz"), () => false);
    assert.deepEqual([...names], ["manifest.json", "blob"]);
  });

  it("rejects bad input with INVALID_ARCHIVE or LIMIT_EXCEEDED naming the file", async () => {
    const cases: [string, Buffer, string][] = [
      ["not-a-tar", Buffer.from("hello world, this is not a tar archive".repeat(20)), "INVALID_ARCHIVE"],
      ["dotdot.tar", Buffer.concat([member("../evil", "x"), end]), "INVALID_ARCHIVE"],
      ["truncated.tar", Buffer.concat([header("big", 100_000, "0"), Buffer.alloc(512)]), "INVALID_ARCHIVE"],
      ["corrupt.tar", Buffer.concat([member("ok", "x"), Buffer.alloc(512, 7), end]), "INVALID_ARCHIVE"],
      ["many.tar", Buffer.concat([...Array.from({ length: 5 }, (_, i) => member(`f${i}`, "x")), end]), "LIMIT_EXCEEDED"],
    ];
    for (const [name, bytes, code] of cases) {
      const file = join(tmp, name);
      writeFileSync(file, bytes);
      await assert.rejects(indexTarFile(file, { maxEntries: 4 }), (err) => {
        assert.ok(isDredgeError(err, code as "INVALID_ARCHIVE"), `${name}: ${String(err)}`);
        assert.match(err.message, new RegExp(name.replace(".", "\\.")));
        return true;
      });
    }
    const small = join(tmp, "s.tar");
    await writeTar(small, [{ name: "big", data: "z".repeat(2000) }]);
    const index = await indexTarFile(small);
    await assert.rejects(index.read("big", 1000), (err) => isDredgeError(err, "LIMIT_EXCEEDED"));
    await assert.rejects(index.read("missing", 1000), /missing/);
  });

  it("normalises names and parses PAX records", () => {
    assert.equal(normaliseEntryName("./a//b/", "x"), "a/b");
    assert.equal(normaliseEntryName("./", "x"), undefined);
    assert.throws(() => normaliseEntryName("a/../../b", "x"), /escapes/);
    assert.deepEqual(parsePax(Buffer.from("11 path=ab\n12 size=123\n")), { path: "ab", size: "123" });
    assert.equal(sniffBytes(Buffer.from([0x1f, 0x8b, 8])), "gzip");
    assert.equal(sniffBytes(Buffer.from('  {"bomFormat":"CycloneDX"}')), "json");
  });
});
