/** Header and text formats (small synthetic files), bad input, and the analyzer contract. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, realpathSync } from "node:fs";
import { silentLogger } from "../../util/log.js";
import type { FileInfo } from "../../layer/types.js";
import type { AnalysisInput } from "../types.js";
import { runtimeCpes } from "./cpe.js";
import { runtimeAnalyzer, runtimeDetectors } from "./index.js";
import { nodeBinaryVersion, parseNodeVersionHeader } from "./node.js";
import { redisVersion } from "./redis.js";
import { versionAfter } from "./scan.js";

const buf = (s: string): Buffer => Buffer.from(s, "latin1");
const fileInfo = (path: string, size = 1024 * 1024, mode = 0o755): FileInfo => ({ path, type: "file", size, mode, uid: 0, gid: 0 });
function purls(path: string, content: Buffer | string): string[] {
  const d = runtimeDetectors.find((x) => x.wants(path, fileInfo(path)));
  if (!d) return [];
  return d.detect(typeof content === "string" ? buf(content) : content, path).map((p) => p.purl);
}

describe("header and text formats", () => {
  it("python patchlevel.h, php_version.h, node_version.h", () => {
    const py = '#define PY_MINOR_VERSION 12\n#define PY_VERSION      \t"3.12.1"\n';
    assert.deepEqual(purls("/usr/local/include/python3.12/patchlevel.h", py), ["pkg:generic/python@3.12.1"]);
    assert.deepEqual(purls("/usr/local/include/python3.13/patchlevel.h", '#define PY_VERSION "3.13.0rc2"'), ["pkg:generic/python@3.13.0rc2"]);
    const php = '#define PHP_MAJOR_VERSION 8\n#define PHP_VERSION "8.2.13"\n#define PHP_VERSION_ID 80213\n';
    assert.deepEqual(purls("/usr/local/include/php/main/php_version.h", php), ["pkg:generic/php@8.2.13"]);
    const node = "#define NODE_MAJOR_VERSION 20\n#define NODE_MINOR_VERSION 11\n#define NODE_PATCH_VERSION 1\n";
    assert.equal(parseNodeVersionHeader(buf(node)), "20.11.1");
    assert.equal(parseNodeVersionHeader(buf("#define NODE_MAJOR_VERSION 20\n")), undefined);
  });

  it("Go VERSION (with and without the `time` line) gives stdlib and toolchain", () => {
    const want = ["pkg:golang/stdlib@1.21.5", "pkg:golang/toolchain@1.21.5"];
    assert.deepEqual(purls("/usr/local/go/VERSION", "go1.21.5\ntime 2023-11-29T21:21:52Z\n"), want);
    assert.deepEqual(purls("/usr/local/go/VERSION", "go1.21.5"), want);
    assert.deepEqual(purls("/usr/local/go/VERSION", "devel go1.22-abcdef\n"), []);
  });

  it("JDK release: version, implementor as vendor; a release file that is not a JDK's gives nothing", () => {
    const d = runtimeDetectors.find((x) => x.wants("/opt/java/openjdk/release", fileInfo("/opt/java/openjdk/release")));
    const [p] = d?.detect(buf('IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="17.0.9"\nMODULES="java.base"\n'), "/opt/java/openjdk/release") ?? [];
    assert.equal(p?.purl, "pkg:generic/openjdk@17.0.9");
    assert.equal(p?.vendor, "Eclipse Adoptium");
    assert.deepEqual(purls("/usr/local/openjdk-8/release", 'JAVA_VERSION="1.8.0_392"\nOS_ARCH="amd64"\n'), ["pkg:generic/openjdk@1.8.0_392"]);
    assert.deepEqual(purls("/opt/java/openjdk/release", 'JAVA_VERSION="17.0.9"\n'), []);
    assert.equal(runtimeDetectors.some((x) => x.wants("/etc/release", fileInfo("/etc/release"))), false);
  });

  it("ruby rbconfig.rb: MAJOR.MINOR.TEENY", () => {
    const rb = 'module RbConfig\n  CONFIG["MAJOR"] = "3"\n  CONFIG["MINOR"] = "2"\n  CONFIG["TEENY"] = "2"\n  CONFIG["PATCHLEVEL"] = "53"\n';
    assert.deepEqual(purls("/usr/local/lib/ruby/3.2.0/x86_64-linux/rbconfig.rb", rb), ["pkg:generic/ruby@3.2.2"]);
    assert.deepEqual(purls("/usr/local/lib/ruby/3.2.0/x86_64-linux/rbconfig.rb", 'CONFIG["MAJOR"] = "3"\n'), []);
  });

  it("marker strings in server binaries (synthetic bytes)", () => {
    assert.deepEqual(purls("/usr/sbin/nginx", "\0nginx version: nginx/1.25.3\n\0"), ["pkg:generic/nginx@1.25.3"]);
    assert.deepEqual(purls("/usr/local/apache2/bin/httpd", "\0Apache/2.4.58 (Unix)\0"), ["pkg:generic/httpd@2.4.58"]);
    assert.deepEqual(purls("/usr/local/bin/postgres", "\0postgres (PostgreSQL) 16.1\n\0"), ["pkg:generic/postgresql@16.1"]);
    assert.deepEqual(purls("/bin/busybox", "\0BusyBox v1.36.1 (2023-05-18 22:34:17 UTC)\0"), ["pkg:generic/busybox@1.36.1"]);
    assert.deepEqual(purls("/bin/busybox", "\0BusyBox v1.37.0.git (2024-09-26)\0"), ["pkg:generic/busybox@1.37.0"]);
    const redis = "\x007.2.3\0junk\0A7.2.3buildkitsandbox-1700000000000000000\0%llx\0";
    assert.deepEqual(purls("/usr/local/bin/redis-server", redis), ["pkg:generic/redis@7.2.3"]);
  });
});

describe("busybox stored under an applet name (hard links in the busybox image)", () => {
  it("any executable of a plausible size in a bin directory is searched", () => {
    const busybox = runtimeDetectors.find((d) => d.name === "busybox");
    assert.ok(busybox);
    assert.equal(busybox.wants("/bin/[", fileInfo("/bin/[")), true);
    assert.equal(busybox.wants("/usr/sbin/acpid", fileInfo("/usr/sbin/acpid")), true);
    assert.equal(busybox.wants("/bin/[", fileInfo("/bin/[", 20 * 1024)), false); // too small to be busybox
    assert.equal(busybox.wants("/bin/[", fileInfo("/bin/[", 1024 * 1024, 0o644)), false); // not executable
    assert.equal(busybox.wants("/usr/share/busybox/x", fileInfo("/usr/share/busybox/x")), false);
    assert.deepEqual(purls("/bin/[", "\0BusyBox v1.36.1 (2023-05-18 22:34:17 UTC)\0"), ["pkg:generic/busybox@1.36.1"]);
    assert.deepEqual(purls("/usr/bin/some-tool", "see BusyBox v1.36.1 for details\0"), []);
  });
});

describe("bad input gives no package and no crash", () => {
  it("a binary with several versions: the marker decides", () => {
    const b = buf("v18.0.0\0/download/release/v18.0.0/node-v18.0.0.tar.gz\0node.js/v20.11.1 x\0");
    assert.equal(nodeBinaryVersion(b), "20.11.1");
  });

  it("fake or malformed version strings", () => {
    assert.deepEqual(purls("/usr/sbin/nginx", "nginx version: nginx/1.25.3.4.5\0nginx version: nginx/x"), []);
    assert.deepEqual(purls("/usr/local/bin/node", "node.js/v20.11\0node.js/v20.11.1.2\0/download/release/v20.1.1/node-v20.1.2.tar.gz"), []);
    assert.deepEqual(purls("/usr/local/bin/python3.11", "\x003.12.1\0"), []); // wrong minor for the file name
    assert.deepEqual(purls("/usr/local/bin/python3.12", "\x003.12.1\0"), ["pkg:generic/python@3.12.1"]);
    assert.deepEqual(purls("/usr/local/bin/python3.11", "x3.11.1\0"), []); // not a string of its own
    assert.deepEqual(purls("/usr/local/include/python3.12/patchlevel.h", '#define PY_VERSION "3.12.1; rm -rf"'), []);
    assert.deepEqual(purls("/usr/local/include/php/main/php_version.h", "\0\0\0binary"), []);
    assert.equal(redisVersion(buf("\x007.2.3\0")), undefined); // no build id string
    assert.equal(redisVersion(buf("A7.2.3buildkitsandbox-1700000000000000000\0")), undefined); // no bare version
    assert.deepEqual(purls("/bin/busybox", ""), []);
  });

  it("the real node binary cut just after its markers", () => {
    const node = readFileSync(realpathSync(process.execPath));
    const cut = (m: string): Buffer => node.subarray(0, node.indexOf(m, 0, "latin1") + m.length + 3);
    assert.equal(nodeBinaryVersion(cut("/download/release/v")), undefined);
    const shortTail = node.subarray(0, node.indexOf("node.js/v", 0, "latin1") + 12);
    assert.equal(versionAfter(shortTail, "node.js/v", /^(\d{1,3}\.\d{1,3}\.\d{1,4})(?![\d.])/), undefined);
  });

  it("searches stop at the byte limit and after maxHits occurrences", () => {
    const b = Buffer.concat([Buffer.alloc(1024 * 1024), buf("BusyBox v1.36.1 ")]);
    assert.equal(versionAfter(b, "BusyBox v", /^(\d+\.\d+\.\d+)/), "1.36.1");
    assert.equal(versionAfter(b, "BusyBox v", /^(\d+\.\d+\.\d+)/, { limit: 1024 }), undefined);
    const many = buf(`${"BusyBox vX ".repeat(2000)}BusyBox v1.2.3 `);
    assert.equal(versionAfter(many, "BusyBox v", /^(\d+\.\d+\.\d+)/), undefined);
  });
});

describe("runtime analyzer", () => {
  const input = (path: string, content: string): AnalysisInput => ({ path, content: buf(content), info: fileInfo(path) });

  it("is per-file, wants only the known paths, and keeps the binary's path as the location", async () => {
    assert.equal(runtimeAnalyzer.perFile, true);
    for (const p of ["/bin/busybox", "/usr/local/bin/node", "/usr/local/go/VERSION", "/usr/lib/postgresql/16/bin/postgres"]) {
      assert.equal(runtimeAnalyzer.wants(p, fileInfo(p)), true, p);
    }
    for (const p of ["/usr/local/lib/nodemon", "/usr/share/doc/nginx/VERSION", "/usr/local/lib/python3", "/usr/lib/redis-cli"]) {
      assert.equal(runtimeAnalyzer.wants(p, fileInfo(p)), false, p);
    }
    assert.equal(runtimeAnalyzer.wants("/usr/local/bin/node", { ...fileInfo("/usr/local/bin/node"), type: "symlink" }), false);
    const warnings: string[] = [];
    const r = await runtimeAnalyzer.analyze(
      [input("/bin/busybox", "\0BusyBox v1.36.1 (x)\0"), input("/usr/sbin/nginx", "no version here")],
      { logger: silentLogger, warn: (m) => warnings.push(m) },
    );
    assert.deepEqual(r.packageSets?.map((s) => [s.path, s.analyzer, s.packages.map((p) => [p.type, p.name, p.version, p.locations[0]?.path])]), [
      ["/bin/busybox", "runtime", [["binary", "busybox", "1.36.1", "/bin/busybox"]]],
    ]);
    assert.deepEqual(warnings, []);
  });
});

describe("names", () => {
  it("every detector's package name has an NVD CPE product (the Go toolchain reports pkg:golang)", () => {
    for (const d of runtimeDetectors) if (d.name !== "go") assert.ok(runtimeCpes[d.name]?.length, d.name);
  });
});
