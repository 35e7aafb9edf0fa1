import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, rmSync, copyFileSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { fixturesDir } from "../../../../test/helpers/images.js";
import { silentLogger } from "../../../util/log.js";
import { readRpmPackages, readRpmSqlite } from "./database.js";
import { rpmAnalyzer } from "./analyzer.js";

const dir = join(fixturesDir, "pkgdb/rpm");
const BDB = "/var/lib/rpm/Packages";
const NDB = "/usr/lib/sysimage/rpm/Packages.db";
const SQL = "/var/lib/rpm/rpmdb.sqlite";
const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };

function withTemp<T>(fn: (tmp: string) => T): T {
  const tmp = mkdtempSync(join(tmpdir(), "dredge-rpm-corrupt-"));
  try {
    return fn(tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe("damaged rpm databases: warnings naming the file, whatever could be read, never a crash", () => {
  it("BerkeleyDB: a damaged hash page header is skipped with a warning", () => {
    withTemp((tmp) => {
      const copy = join(tmp, "Packages");
      copyFileSync(join(dir, "bdb-rhel8-libuuid/Packages"), copy);
      chmodSync(copy, 0o600);
      const buf = readFileSync(copy);
      const pageSize = buf.readUInt32LE(20);
      const hashPage = [...Array(buf.length / pageSize).keys()].find((p) => {
        const base = p * pageSize;
        // a hash page whose first data item is off-page (a header blob), not rpm's record 0
        return p > 0 && buf[base + 25] === 13 && buf.readUInt16LE(base + 20) >= 2 && buf[base + buf.readUInt16LE(base + 28)] === 3;
      });
      assert.ok(hashPage !== undefined, "the fixture has a hash page");
      buf.writeUInt32LE(0xdeadbeef, hashPage * pageSize + 8);
      writeFileSync(copy, buf);
      const r = readRpmPackages("bdb", BDB, readFileSync(copy));
      assert.deepEqual(r.packages, []);
      assert.match(r.warnings.join("\n"), new RegExp(`^${BDB}: page ${hashPage}: damaged`));
    });
  });

  it("BerkeleyDB: a broken overflow chain gives a warning", () => {
    const buf = Buffer.from(readFileSync(join(dir, "bdb-rhel8-libuuid/Packages")));
    const pageSize = buf.readUInt32LE(20);
    const overflow = [...Array(buf.length / pageSize).keys()].filter((p) => buf[p * pageSize + 25] === 7);
    assert.ok(overflow.length > 1);
    const victim = overflow[1] ?? 0;
    buf[victim * pageSize + 25] = 0x55;
    const r = readRpmPackages("bdb", BDB, buf);
    assert.deepEqual(r.packages, []);
    assert.ok(r.warnings.some((w) => w.startsWith(`${BDB}: page ${victim}: expected an overflow page`)), r.warnings.join("\n"));
  });

  it("BerkeleyDB: flipped bytes anywhere never throw", () => {
    const orig = readFileSync(join(dir, "bdb-syft-dive/Packages"));
    for (let at = 0; at < orig.length; at += 37) {
      const buf = Buffer.from(orig);
      buf[at] = (buf[at] ?? 0) ^ 0xff;
      buf[at + 1] = (buf[at + 1] ?? 0) ^ 0x5a;
      const r = readRpmPackages("bdb", BDB, buf);
      assert.ok(r.packages.length + r.warnings.length >= 0);
      for (const w of r.warnings) assert.ok(w.startsWith(`${BDB}: `), w);
    }
  });

  it("BerkeleyDB: truncated file and a file that is not BerkeleyDB", () => {
    const orig = readFileSync(join(dir, "bdb-rhel8-libuuid/Packages"));
    const cut = readRpmPackages("bdb", BDB, orig.subarray(0, Math.floor(orig.length / 2)));
    assert.ok(cut.warnings.some((w) => w.startsWith(`${BDB}: `) && /truncated|broken/.test(w)), cut.warnings.join("\n"));
    const notDb = readRpmPackages("bdb", BDB, Buffer.alloc(8192, 0x41));
    assert.deepEqual(notDb.warnings, [`${BDB}: not a Berkeley DB hash database (bad magic)`]);
  });

  it("NDB: truncated file keeps the packages that are complete", () => {
    const orig = readFileSync(join(dir, "ndb-sle15.3-bci-minimal/Packages.db"));
    const full = readRpmPackages("ndb", NDB, orig).packages.length;
    const r = readRpmPackages("ndb", NDB, orig.subarray(0, Math.floor(orig.length / 2)));
    assert.ok(r.packages.length > 0 && r.packages.length < full, `${r.packages.length} of ${full}`);
    assert.ok(r.warnings.length > 0 && r.warnings.every((w) => w.startsWith(`${NDB}: `)));
    assert.match(r.warnings[0] ?? "", /outside the file \(truncated\?\)/);
    const tiny = readRpmPackages("ndb", NDB, orig.subarray(0, 20));
    assert.deepEqual([tiny.packages, tiny.warnings], [[], [`${NDB}: not an rpm NDB database (bad magic)`]]);
  });

  it("NDB: flipped bytes in the slot area never throw", () => {
    const orig = readFileSync(join(dir, "ndb-sle15.3-bci-minimal/Packages.db"));
    for (let at = 0; at < 4096; at += 13) {
      const buf = Buffer.from(orig);
      buf[at] = (buf[at] ?? 0) ^ 0xff;
      const r = readRpmPackages("ndb", NDB, buf);
      assert.ok(r.packages.length <= 35);
    }
  });

  it("a file that is not SQLite", async () => {
    const bad = Buffer.from("this is not an sqlite database\n".repeat(64));
    const res = await rpmAnalyzer.analyze([{ path: SQL, info, content: bad }], {
      logger: silentLogger,
      warn: (m, p) => assert.equal(p, SQL, m),
    });
    assert.deepEqual(res.packageSets?.[0]?.packages, []);
    const r = await readRpmSqlite(SQL, bad);
    assert.deepEqual(r.warnings, [`${SQL}: not an SQLite database`]);
    const header = Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(4000, 0x7f)]);
    const broken = await readRpmSqlite(SQL, header);
    assert.equal(broken.packages.length, 0);
    assert.match(broken.warnings[0] ?? "", /^\/var\/lib\/rpm\/rpmdb\.sqlite: cannot read the SQLite database/);
  });

  it("an rpm header with a bad index count: warning, the other packages read", async () => {
    await withTemp(async (tmp) => {
      const file = join(tmp, "rpmdb.sqlite");
      copyFileSync(join(dir, "sqlite-cbl-mariner-2.0/rpmdb.sqlite"), file);
      chmodSync(file, 0o600);
      const db = new Database(file);
      const row = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum LIMIT 1").get() as { hnum: number; blob: Buffer };
      const blob = Buffer.from(row.blob);
      blob.writeUInt32BE(0x00ffffff, 0);
      db.prepare("UPDATE Packages SET blob = ? WHERE hnum = ?").run(blob, row.hnum);
      db.close();
      const r = await readRpmSqlite(SQL, readFileSync(file));
      assert.equal(r.packages.length, 128);
      assert.deepEqual(r.warnings, [`${SQL}: header 1: bad header index count ${0x00ffffff}`]);
    });
  });
});
