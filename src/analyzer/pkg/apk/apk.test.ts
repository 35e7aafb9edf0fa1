import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "../../../../test/helpers/images.js";
import { silentLogger } from "../../../util/log.js";
import { apkPurl } from "../../../purl/index.js";
import { parseApkInstalled, dependencyNames, APK_INSTALLED } from "./parse-installed.js";
import { apkAnalyzer } from "./analyzer.js";

const dir = join(fixturesDir, "pkgdb/apk");
const read = (name: string) => readFileSync(join(dir, name, "lib/apk/db/installed"));
const pRecords = (buf: Buffer) => buf.toString("utf8").split("\n").filter((l) => l.startsWith("P:")).length;

describe("apk installed database", () => {
  it("alpine 3.16: 14 packages with versions, origins, licences and files", () => {
    const buf = read("syft-alpine-3.16");
    const r = parseApkInstalled(buf, APK_INSTALLED);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.packages.length, pRecords(buf));
    const by = new Map(r.packages.map((p) => [p.name, p]));
    assert.equal(by.get("musl")?.version, "1.2.3-r0");
    assert.equal(by.get("busybox")?.version, "1.35.0-r17");
    assert.equal(by.get("zlib")?.version, "1.2.12-r3");
    assert.equal(by.get("apk-tools")?.version, "2.12.9-r3");
    const crypto = by.get("libcrypto1.1");
    assert.deepEqual(crypto?.source, { name: "openssl", version: "1.1.1q-r0" });
    assert.equal(crypto?.arch, "x86_64");
    const base = by.get("alpine-baselayout-data");
    assert.deepEqual(base?.licenses, ["GPL-2.0-only"]);
    assert.equal(base?.maintainer, "Natanael Copa <ncopa@alpinelinux.org>");
    assert.ok(base?.files?.includes("/etc/fstab"));
    assert.ok(by.get("musl")?.files?.includes("/lib/ld-musl-x86_64.so.1"));
    assert.ok(by.get("busybox")?.dependsOn?.includes("so:libc.musl-x86_64.so.1"));
    assert.equal(by.get("musl")?.purl, "pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64");
  });

  it("alpine 3.4-era database: the record without V: is skipped with a warning", () => {
    const buf = read("trivy-alpine-3.4ish");
    const r = parseApkInstalled(buf, APK_INSTALLED);
    assert.equal(r.packages.length, pRecords(buf) - 1);
    assert.equal(r.packages.find((p) => p.name === "musl")?.version, "1.1.14-r10");
    assert.equal(r.packages.find((p) => p.name === "busybox")?.version, "1.24.2-r9");
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? "", /^\/lib\/apk\/db\/installed: line \d+: package .* has no V:/);
  });

  it("small multi-package sample", () => {
    const buf = read("syft-multiple-1");
    const r = parseApkInstalled(buf, APK_INSTALLED);
    assert.equal(r.packages.length, pRecords(buf));
    assert.deepEqual(r.warnings, []);
  });

  it("corrupt database: warning naming the file, the valid record still read", async () => {
    const buf = read("syft-corrupt");
    const info = { path: APK_INSTALLED, type: "file" as const, size: buf.length, mode: 0o644, uid: 0, gid: 0 };
    const warnings: [string, string | undefined][] = [];
    const res = await apkAnalyzer.analyze([{ path: APK_INSTALLED, info, content: buf }], {
      logger: silentLogger,
      warn: (m, p) => warnings.push([m, p]),
    });
    const pkgs = res.packageSets?.[0]?.packages ?? [];
    assert.deepEqual(pkgs.map((p) => `${p.name}@${p.version}`), ["alpine-baselayout-data@3.2.0-r22"]);
    assert.ok(warnings.length > 0);
    assert.ok(warnings.every(([m, p]) => p === APK_INSTALLED && m.startsWith(`${APK_INSTALLED}: `)));
  });

  it("the analyzer wants both database locations", () => {
    const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };
    assert.equal(apkAnalyzer.wants("/lib/apk/db/installed", info), true);
    assert.equal(apkAnalyzer.wants("/usr/lib/apk/db/installed", info), true);
    assert.equal(apkAnalyzer.wants("/lib/apk/db/triggers", info), false);
  });

  it("dependencies and purl with the distro", () => {
    assert.deepEqual(dependencyNames("so:libc.musl-x86_64.so.1 musl>=1.2 !foo  ca-certificates-bundle"), [
      "so:libc.musl-x86_64.so.1", "musl", "ca-certificates-bundle",
    ]);
    const pkg = parseApkInstalled(read("syft-alpine-3.16"), APK_INSTALLED).packages.find((p) => p.name === "musl");
    assert.ok(pkg);
    assert.equal(apkPurl(pkg, { family: "alpine", name: "3.16.2" }), "pkg:apk/alpine/musl@1.2.3-r0?arch=x86_64&distro=3.16.2");
  });

  it("binary input does not throw", () => {
    const r = parseApkInstalled(Buffer.from([0, 1, 2, 0xff, 10, 10, 80, 58]), APK_INSTALLED);
    assert.ok(Array.isArray(r.packages));
  });
});
