/**
 * Multi-package BerkeleyDB databases built by Berkeley DB's own db_load (Debian db5.3-util) from the
 * header blobs of the Mariner SQLite fixture, in both byte orders; the expected list is what Debian's rpm
 * (bdb_ro backend) prints for the same file. Then one hash page is damaged: only its records are lost.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixturesDir } from "../../../../test/helpers/images.js";
import { readSqliteBlobs } from "./sqlite.js";
import { readRpmPackages } from "./database.js";

const DB_LOAD = "db5.3_load";
const hasTools = spawnSync(DB_LOAD, ["-V"]).status === 0 && spawnSync("rpm", ["--version"]).status === 0;
const skip = hasTools ? false : "db5.3_load (Debian db5.3-util) or rpm not installed";
const BDB = "/var/lib/rpm/Packages";
const QF = "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n";

function buildPackages(dir: string, blobs: Buffer[], lorder: "1234" | "4321", pageSize = 4096): string {
  const key = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n); // rpm stores instance numbers in host order (x86: little-endian)
    return ` ${b.toString("hex")}`;
  };
  const lines = ["VERSION=3", "format=bytevalue", "type=hash", `db_pagesize=${pageSize}`, `db_lorder=${lorder}`, "HEADER=END"];
  lines.push(key(0), key(blobs.length + 1));
  blobs.forEach((blob, i) => lines.push(key(i + 1), ` ${blob.toString("hex")}`));
  lines.push("DATA=END", "");
  const dump = join(dir, "dump.txt");
  writeFileSync(dump, lines.join("\n"));
  const r = spawnSync(DB_LOAD, ["-f", dump, join(dir, "Packages")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return join(dir, "Packages");
}

function rpmQa(dir: string): string[] {
  const r = spawnSync("rpm", ["--dbpath", dir, "--define", "_db_backend bdb_ro", "-qa", "--qf", QF], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter((l) => l !== "").sort();
}

const ours = (buf: Buffer) =>
  readRpmPackages("bdb", BDB, buf).packages
    .map((p) => [p.name, p.epoch ?? "(none)", p.version, p.release, p.arch, p.source ? `${p.source.name}-${p.source.version}-${p.source.release ?? ""}.src.rpm` : "(none)"].join("\t"))
    .sort();

describe("BerkeleyDB databases written by db_load", { skip }, () => {
  let blobs: Buffer[] = [];
  before(async () => {
    blobs = (await readSqliteBlobs(readFileSync(join(fixturesDir, "pkgdb/rpm/sqlite-cbl-mariner-2.0/rpmdb.sqlite")))).blobs;
  });

  // 4 KiB pages: every header in overflow pages; 64 KiB pages: headers stored inline on the hash pages.
  const layouts = [["1234", 4096], ["4321", 4096], ["1234", 65536]] as const;
  for (const [lorder, pageSize] of layouts) {
    it(`the Mariner packages, byte order ${lorder}, ${pageSize}-byte pages: equal to rpm -qa`, () => {
      const tmp = mkdtempSync(join(tmpdir(), "dredge-bdb-"));
      try {
        const file = buildPackages(tmp, blobs, lorder, pageSize);
        const want = rpmQa(tmp);
        assert.equal(want.length, blobs.length);
        const r = readRpmPackages("bdb", BDB, readFileSync(file));
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(ours(readFileSync(file)), want);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  it("a damaged hash page loses only its own records, with a warning naming the file", () => {
    const tmp = mkdtempSync(join(tmpdir(), "dredge-bdb-"));
    try {
      const file = buildPackages(tmp, blobs, "1234");
      const buf = readFileSync(file);
      const pageSize = buf.readUInt32LE(20);
      const offPageItems = (p: number) => {
        const base = p * pageSize;
        if (buf[base + 25] !== 13) return 0;
        let n = 0;
        for (let i = 1; i < buf.readUInt16LE(base + 20); i += 2) if (buf[base + buf.readUInt16LE(base + 26 + 2 * i)] === 3) n++;
        return n;
      };
      const pages = [...Array(buf.length / pageSize).keys()];
      const victim = pages.find((p) => offPageItems(p) > 0 && offPageItems(p) < blobs.length);
      assert.ok(victim !== undefined);
      const lost = offPageItems(victim);
      for (let i = 0; i < 8; i++) buf[victim * pageSize + 8 + i] = 0xa5;
      writeFileSync(file, buf);
      const r = readRpmPackages("bdb", BDB, readFileSync(file));
      assert.equal(r.packages.length, blobs.length - lost);
      assert.deepEqual(r.warnings, [`${BDB}: page ${victim}: damaged (page number field says ${0xa5a5a5a5}), skipped`]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
