import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goBinaryAnalyzer } from "./analyzer.js";
import { parseGoBinary, stdlibVersion } from "./go-binary.js";
import { runAnalyzer } from "../testing.js";
import { ELF_BASE, makeElf } from "../test-elf.js";

const haveGo = (() => {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A module with two vendored dependencies, one replaced, built offline. */
function buildHello(dir: string): string {
  const w = (rel: string, text: string): void => {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  w("go.mod", "module example.com/hello\n\ngo 1.19\n\nrequire (\n\texample.com/greet v1.2.3\n\texample.com/old v1.0.0\n)\n\nreplace example.com/old => example.com/new v0.9.0\n");
  w("vendor/modules.txt", [
    "# example.com/greet v1.2.3", "## explicit; go 1.19", "example.com/greet",
    "# example.com/old v1.0.0 => example.com/new v0.9.0", "## explicit; go 1.19", "example.com/old",
    "# example.com/old => example.com/new v0.9.0", "",
  ].join("\n"));
  w("vendor/example.com/greet/greet.go", 'package greet\n\nfunc Hello() string { return "hi" }\n');
  w("vendor/example.com/old/old.go", 'package old\n\nfunc Name() string { return "old" }\n');
  w("main.go", 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n\t"example.com/old"\n)\n\nfunc main() { fmt.Println(greet.Hello(), old.Name()) }\n');
  const env = { ...process.env, GOFLAGS: "-mod=vendor", GOPROXY: "off", CGO_ENABLED: "0", GO111MODULE: "on", GOWORK: "off" };
  execFileSync("go", ["build", "-o", "hello", "."], { cwd: dir, env, stdio: ["ignore", "ignore", "inherit"] });
  return join(dir, "hello");
}

/** `go version -m` as the oracle: the Go version, then mod/dep lines (a `=>` line replaces the one before). */
function goVersionM(bin: string): string[] {
  const lines = execFileSync("go", ["version", "-m", bin], { encoding: "utf8" }).split("\n");
  const out: string[] = [`stdlib@${stdlibVersion(lines[0]?.split(": ")[1] ?? "")}`];
  for (const l of lines.slice(1)) {
    const [, kind, mod, ver] = l.split("\t");
    if (kind === "mod") out.push(`${mod}@${ver === "(devel)" ? "" : ver}`);
    if (kind === "dep") out.push(`${mod}@${ver}`);
    if (kind === "=>" && ver) out[out.length - 1] = `${mod}@${ver}`;
  }
  return out.sort();
}

/** Built once for the whole file, removed at the end. */
let dir = "";
let hello = "";
const helloBinary = (): string => {
  if (hello === "") {
    dir = mkdtempSync(join(tmpdir(), "dredge-go-"));
    hello = buildHello(dir);
  }
  return hello;
};
after(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("Go binaries", { skip: !haveGo && "go not installed" }, () => {
  it("reads a binary built here: stdlib, main module, deps and replacements", () => {
    const bin = helloBinary();
    const r = parseGoBinary(readFileSync(bin), "/app/hello");
    assert.deepEqual(r.warnings, []);
    const got = r.packages.map((p) => `${p.name}@${p.version}`).sort();
    assert.deepEqual(got, goVersionM(bin));
    assert.ok(got.includes("example.com/new@v0.9.0") && got.includes("example.com/greet@v1.2.3"));
    const std = r.packages.find((p) => p.name === "stdlib");
    assert.match(std?.purl ?? "", /^pkg:golang\/stdlib@1\.\d+(\.\d+)?$/);
    assert.equal(r.packages.find((p) => p.name === "example.com/greet")?.purl, "pkg:golang/example.com/greet@v1.2.3");
  });

  for (const bin of ["/usr/bin/umoci", "/usr/bin/skopeo", "/usr/bin/docker-registry"]) {
    it(`agrees with go version -m on Debian's ${bin}`, { skip: !existsSync(bin) && `${bin} not installed` }, () => {
      const r = parseGoBinary(readFileSync(bin), bin);
      assert.deepEqual(r.warnings, []);
      // Debian builds in GOPATH mode: no module lines, only the toolchain version is recorded.
      assert.ok(r.packages.some((p) => p.name === "stdlib"));
      assert.deepEqual(r.packages.map((p) => `${p.name}@${p.version}`).sort(), goVersionM(bin));
    });
  }

  it("the analyzer wants executables only", async () => {
    const info = { path: "/usr/bin/umoci", type: "file" as const, size: 1 << 20, mode: 0o755, uid: 0, gid: 0 };
    assert.ok(goBinaryAnalyzer.wants(info.path, info));
    assert.ok(!goBinaryAnalyzer.wants(info.path, { ...info, mode: 0o644 }));
    assert.ok(!goBinaryAnalyzer.wants("/usr/lib/x/libfoo.so.1", info));
    const { result } = await runAnalyzer(goBinaryAnalyzer, [{ path: "/bin/sh-script", info, content: Buffer.from("#!/bin/sh\necho\n") }]);
    assert.equal(result.packageSets?.length, 0);
  });
});

describe("Go lookalikes", { skip: !haveGo && "go not installed" }, () => {
  it("fake magic and truncated binaries give a warning, never a crash", () => {
    const real = readFileSync(helloBinary());
    const magic = real.indexOf(Buffer.from("\xff Go buildinf:", "latin1"));
    assert.ok(magic > 0);
    // Truncate in the middle of the build info strings.
    const truncated = real.subarray(0, magic + 40);
    const t = parseGoBinary(truncated, "/t");
    assert.equal(t.packages.length, 0);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0] ?? "", /^\/t: /);
    // Corrupt the varint length of the version string.
    const fake = Buffer.from(real);
    fake.fill(0xff, magic + 32, magic + 40);
    const f = parseGoBinary(fake, "/fake");
    assert.match(f.warnings[0] ?? "", /\/fake: Go build info present but unreadable/);
    // Pointer format (flags 0) whose pointers lead nowhere.
    const ptr = Buffer.from(real);
    ptr[magic + 15] = 0;
    ptr.fill(0xee, magic + 16, magic + 32);
    assert.match(parseGoBinary(ptr, "/ptr").warnings[0] ?? "", /\/ptr: .*outside the binary/);
    // An ELF header that points outside the file.
    assert.equal(parseGoBinary(real.subarray(0, 200), "/short").packages.length, 0);
  });

  it("go version strings", () => {
    assert.equal(stdlibVersion("go1.21.5"), "1.21.5");
    assert.equal(stdlibVersion("go1.22.0 X:boringcrypto"), "1.22.0");
    assert.equal(stdlibVersion("go1.21rc2"), "1.21rc2");
    assert.equal(stdlibVersion("devel go1.23-abc"), undefined);
  });
});

describe("pre-1.18 pointer build info (synthetic ELF)", () => {
  const SENT_START = Buffer.from("3077af0c9274080241e1c107e6d618e6", "hex");
  const SENT_END = Buffer.from("f932433186182072008242104116d8f2", "hex");
  const modinfo = Buffer.concat([
    SENT_START,
    Buffer.from("path\texample.com/old/cmd\nmod\texample.com/old\tv1.4.0\th1:x=\ndep\tgolang.org/x/sys\tv0.0.0-20200116001909-b77594299b42\th1:y=\n"),
    SENT_END,
  ]);
  const version = Buffer.from("go1.16.15");

  for (const bigEndian of [false, true]) {
    it(`${bigEndian ? "big" : "little"}-endian, 8-byte pointers`, () => {
      const w64 = (b: Buffer, o: number, v: bigint): void => void (bigEndian ? b.writeBigUInt64BE(v, o) : b.writeBigUInt64LE(v, o));
      const size = 32 + 32 + version.length + modinfo.length;
      const elf = makeElf({
        bigEndian,
        sections: [{
          name: ".go.buildinfo",
          size,
          data: (offsetOf) => {
            const base = ELF_BASE + BigInt(offsetOf(".go.buildinfo"));
            const b = Buffer.alloc(size);
            b.write("\xff Go buildinf:", 0, "latin1");
            b[14] = 8;
            b[15] = bigEndian ? 1 : 0;
            w64(b, 16, base + 32n); // → version string header
            w64(b, 24, base + 48n); // → modinfo string header
            w64(b, 32, base + 64n);
            w64(b, 40, BigInt(version.length));
            w64(b, 48, base + 64n + BigInt(version.length));
            w64(b, 56, BigInt(modinfo.length));
            version.copy(b, 64);
            modinfo.copy(b, 64 + version.length);
            return b;
          },
        }],
      });
      const r = parseGoBinary(elf, "/old");
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.packages.map((p) => p.purl), [
        "pkg:golang/stdlib@1.16.15",
        "pkg:golang/example.com/old@v1.4.0",
        "pkg:golang/golang.org/x/sys@v0.0.0-20200116001909-b77594299b42",
      ]);
    });
  }
});
