/** Broken and hostile SPDX tag-value: DredgeErrors or warnings naming the file and line, never a crash. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError, type ErrorCode } from "../errors.js";
import { memoryLogger, silentLogger } from "../util/log.js";
import { readSbom } from "./index.js";
import { MAX_VALUE_CHARS } from "./tag-value-lines.js";

let dir = "";
before(() => {
  dir = mkdtempSync(join(tmpdir(), "dredge-spdx-tv-bad-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const rejectsWith = (code: ErrorCode, re: RegExp) => (e: unknown) => isDredgeError(e, code) && re.test(e.message);
const head = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\n";
const pkg = (n: string) => `PackageName: ${n}\nSPDXID: SPDXRef-${n}\nPackageVersion: 1.0.0\nExternalRef: PACKAGE-MANAGER purl pkg:npm/${n}@1.0.0\n`;
/** Deterministic pseudo-random bytes (no newline-free luck needed: any bytes must be handled). */
function garbage(n: number, seed = 7): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe("bad SPDX tag-value input", () => {
  it("a <text> block cut off at the end of the file: earlier packages kept, warning names the line", async () => {
    const p = write("cut.spdx", `${head}${pkg("a")}PackageComment: <text>a comment that never`);
    const log = memoryLogger();
    const inv = await readSbom(p, { logger: log });
    assert.deepEqual(inv.packages.map((x) => x.name), ["a"]);
    assert.match(inv.warnings.join("\n"), /cut\.spdx: 1 <text> value\(s\) without <\/text> read as one line \(first at line 9: "PackageComment: <text>a comment that never"\)/);
    assert.ok(log.records.some((r) => r.level === "warn"));
  });

  it("an unclosed <text> in the middle does not swallow the packages after it", async () => {
    const p = write("mid.spdx", `${head}${pkg("a")}PackageComment: <text>first line\nsecond line\n${pkg("b")}`);
    const inv = await readSbom(p, { logger: silentLogger });
    assert.deepEqual(inv.packages.map((x) => x.name), ["a", "b"]);
    const w = inv.warnings.join("\n");
    assert.match(w, /first at line 9: "PackageComment: <text>first line"/);
    assert.match(w, /1 line\(s\) not of the form "Tag: value" ignored \(first at line 10: "second line"\)/);
  });

  it("line numbers stay right after a closed multi-line <text>", async () => {
    const p = write("lines.spdx", `${head}${pkg("a")}PackageComment: <text>1\n2\n3</text>\nnot a tag line\n`);
    const inv = await readSbom(p, { logger: silentLogger });
    assert.match(inv.warnings.join("\n"), /first at line 12: "not a tag line"/);
  });

  it("nothing usable left (truncated <text>, package without SPDXID) → PARSE_ERROR naming file and line", async () => {
    const p = write("empty.spdx", `${head}PackageName: x\nPackageComment: <text>cut`);
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("PARSE_ERROR", /empty\.spdx: no package could be read .*line 5: package without SPDXID/));
  });

  it("binary garbage after the header → PARSE_ERROR naming file and line; after a package → warnings", async () => {
    const bad = write("garbage.spdx", Buffer.concat([Buffer.from(head), garbage(64 * 1024)]));
    await assert.rejects(readSbom(bad, { logger: silentLogger }), rejectsWith("PARSE_ERROR", /garbage\.spdx: no package could be read .*line 5: /));
    const mixed = write("mixed.spdx", Buffer.concat([Buffer.from(head + pkg("a")), garbage(64 * 1024)]));
    const inv = await readSbom(mixed, { logger: silentLogger });
    assert.deepEqual(inv.packages.map((x) => x.name), ["a"]);
    assert.match(inv.warnings.join("\n"), /mixed\.spdx: \d+ line\(s\) with binary data ignored \(first at line 9: /);
    // no control characters from the garbage reach the messages
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(inv.warnings.join(""), /[\u0000-\u0008\u000E-\u001F]/);
  });

  it("a .spdx file of pure garbage, or without SPDXVersion, is a PARSE_ERROR, not a JSON error", async () => {
    const p = write("pure.spdx", garbage(4096, 11));
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("PARSE_ERROR", /pure\.spdx: no "SPDXVersion:" tag, not an SPDX tag-value document \(line \d+: /));
  });

  it("SPDX 1.2 tag-value is refused with its line", async () => {
    const p = write("old.txt", `# header\nSPDXVersion: SPDX-1.2\n${pkg("a")}`);
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("UNSUPPORTED_MEDIA_TYPE", /old\.txt: line 2: SPDX version "SPDX-1\.2" is not supported/));
  });

  it("bad Relationship / ExternalRef / misplaced tags are counted warnings; unknown tags are silent", async () => {
    const p = write("odd.spdx", `${head}PackageVersion: 9\n${pkg("a")}ExternalRef: purl-only\nRelationship: A DEPENDS_ON\nFutureTag: x\n`);
    const inv = await readSbom(p, { logger: silentLogger });
    assert.deepEqual(inv.packages.map((x) => x.purl), ["pkg:npm/a@1.0.0"]);
    assert.deepEqual(inv.warnings, [
      `${p}: 1 package or licence tag(s) outside their section ignored (first at line 5: "PackageVersion: 9")`,
      `${p}: 1 ExternalRef line(s) not "CATEGORY TYPE LOCATOR" ignored (first at line 10: "ExternalRef: purl-only")`,
      `${p}: 1 Relationship line(s) not "A TYPE B" ignored (first at line 11: "Relationship: A DEPENDS_ON")`,
    ]);
  });

  it("a 300 MB .spdx is refused before it is read", async () => {
    const p = join(dir, "huge.spdx");
    const fd = openSync(p, "w");
    ftruncateSync(fd, 300 * 1024 * 1024); // sparse
    closeSync(fd);
    await assert.rejects(readSbom(p, { logger: silentLogger }), rejectsWith("LIMIT_EXCEEDED", /huge\.spdx is larger than 268435456 bytes/));
  });

  it("an over-long value is cut with a warning; 200k unclosed <text> lines stay linear", async () => {
    const long = write("long.spdx", `${head}${pkg("a")}PackageComment: <text>${"x".repeat(MAX_VALUE_CHARS + 10)}</text>\n`);
    const inv = await readSbom(long, { logger: silentLogger });
    assert.deepEqual(inv.packages.map((x) => x.name), ["a"]);
    assert.match(inv.warnings.join("\n"), /1 value\(s\) longer than 1048576 characters cut \(first at line 9: /);
    const t0 = performance.now();
    const many = write("many.spdx", `${head}${pkg("a")}${"PackageComment: <text>x\n".repeat(200_000)}`);
    const inv2 = await readSbom(many, { logger: silentLogger });
    assert.match(inv2.warnings.join("\n"), /200000 <text> value\(s\) without <\/text>/);
    assert.ok(performance.now() - t0 < 5000, "quadratic search for </text>?");
  });

  it("20 000 packages (≈3 MB) are all read", async () => {
    const n = 20_000;
    const parts: string[] = [head];
    for (let i = 0; i < n; i++) parts.push(pkg(`p${i}`), `PackageComment: <text>line one\nline two</text>\n`);
    const p = write("big.spdx", parts.join(""));
    const inv = await readSbom(p, { logger: silentLogger });
    assert.equal(inv.packages.length, n);
    assert.equal(inv.packages[n - 1]!.name, `p${n - 1}`);
    assert.deepEqual(inv.warnings, []);
  });
});
