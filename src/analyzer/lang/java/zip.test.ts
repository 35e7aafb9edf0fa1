import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseJar } from "./jar.js";
import { makeZip } from "./test-zip.js";
import { listEntries, readEntry } from "./zip.js";

const haveZip = spawnSync("zip", ["-v"], { stdio: "ignore" }).status === 0;
const script = Buffer.from('#!/bin/sh\nexec java -jar "$0" "$@"\n');

/** Jars written by Info-ZIP `zip` (with `-fz`: ZIP64 records), in a scratch directory. */
function infoZipJars(): { plain: Buffer; zip64: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "dredge-zip-"));
  try {
    mkdirSync(join(dir, "META-INF/maven/org.example/zz"), { recursive: true });
    writeFileSync(join(dir, "META-INF/maven/org.example/zz/pom.properties"), "groupId=org.example\nartifactId=zz\nversion=1.2\n");
    writeFileSync(join(dir, "Big.class"), Buffer.alloc(70_000, 7));
    const files = ["META-INF/maven/org.example/zz/pom.properties", "Big.class"];
    execFileSync("zip", ["-q", "plain.jar", ...files], { cwd: dir });
    execFileSync("zip", ["-q", "-fz", "z64.jar", ...files], { cwd: dir });
    return { plain: readFileSync(join(dir, "plain.jar")), zip64: readFileSync(join(dir, "z64.jar")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("in-memory zip reader", () => {
  it("reads Info-ZIP archives, with ZIP64 records and behind a launch script", { skip: !haveZip && "zip not installed" }, async () => {
    const { plain, zip64 } = infoZipJars();
    for (const [label, jar] of Object.entries({ plain, zip64, "script+plain": Buffer.concat([script, plain]), "script+zip64": Buffer.concat([script, zip64]) })) {
      const r = await parseJar(jar, `/${label}.jar`);
      assert.deepEqual(r.warnings, [], label);
      assert.deepEqual(r.packages.map((p) => p.purl), ["pkg:maven/org.example/zz@1.2"], label);
      const big = listEntries(jar, 10).find((e) => e.fileName === "Big.class")!;
      assert.deepEqual(readEntry(jar, big, 1 << 20), Buffer.alloc(70_000, 7), label);
    }
  });

  it("stored entries are views of the archive; the cap holds whatever the header says", () => {
    const inner = Buffer.from("inner jar bytes");
    const z = makeZip([{ name: "lib/a.jar", data: inner }, { name: "b.txt", data: Buffer.alloc(5000, 1), deflate: true }]);
    const [a, b] = listEntries(z, 10);
    const view = readEntry(z, a!, 1024);
    assert.deepEqual(view, inner);
    assert.equal(view.buffer, z.buffer);
    assert.throws(() => readEntry(z, b!, 4999), /5000 bytes is over 4999/);
    assert.throws(() => listEntries(z, 1), /more than 1 entries/);
  });

  it("names without the UTF-8 flag are CP437, as unzip reads them", () => {
    const z = makeZip([{ name: "\u00e9.txt", data: Buffer.from("x") }]);
    assert.equal(listEntries(z, 10)[0]?.fileName, "\u251c\u2310.txt");
  });
});
