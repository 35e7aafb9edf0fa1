import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir, testImages } from "../../../../test/helpers/images.js";
import { silentLogger } from "../../../util/log.js";
import type { Package } from "../../../model/package.js";
import { parseDpkgStatus } from "./status.js";
import { readDpkgDatabase, isStatusFile } from "./database.js";
import { dpkgAnalyzer } from "./analyzer.js";
import { applyDpkgInfo, isDpkgInfoSet } from "./info.js";
import { parseCopyright, normaliseLicense } from "./licenses.js";
import { debPurl } from "../../../purl/index.js";

const dir = join(fixturesDir, "pkgdb/dpkg");
type Row = [string, string, string, string, string];

function expectedRows(file: string, only?: string): Row[] {
  const lines = readFileSync(join(dir, "expected", file), "utf8").split("\n").slice(1).filter((l) => l.trim() !== "");
  const rows = lines.map((l) => l.split("\t"));
  const picked = only === undefined ? rows : rows.filter((r) => r[0] === only).map((r) => r.slice(1));
  return picked.filter((r) => r[5]?.startsWith("ii")).map((r) => r.slice(0, 5) as Row).sort();
}

const rows = (pkgs: Package[]): Row[] =>
  pkgs.map((p): Row => [p.name, p.version, p.arch ?? "", p.source?.name ?? "", p.source?.version ?? ""]).sort();

const parseFile = (rel: string, path = "/var/lib/dpkg/status") => parseDpkgStatus(readFileSync(join(dir, rel)), path);

describe("dpkg status parser on real databases", () => {
  it("ubuntu 18.04 status equals dpkg-query's list", () => {
    const r = parseFile("trivy-ubuntu-18.04/var/lib/dpkg/status");
    assert.deepEqual(rows(r.packages), expectedRows("trivy-ubuntu-18.04.tsv"));
    assert.equal(r.packages.length, 90);
    assert.deepEqual(r.warnings, []);
  });

  it("status with an empty first stanza: libpam-runtime only, with a warning", () => {
    const r = parseFile("syft-image-dpkg/var/lib/dpkg/status");
    assert.deepEqual(rows(r.packages), expectedRows("syft-image-dpkg.tsv"));
    assert.match(r.warnings[0] ?? "", /^\/var\/lib\/dpkg\/status: line 1: invalid package name/);
  });

  it("distroless status.d (no Status field) and its .md5sums", () => {
    const base = join(dir, "syft-distroless/var/lib/dpkg/status.d");
    const view = new Map(readdirSync(base).map((n) => [`/var/lib/dpkg/status.d/${n}`, readFileSync(join(base, n))] as const));
    const { packageSets, warnings } = readDpkgDatabase(view);
    assert.deepEqual(packageSets.map((s) => s.path), ["/var/lib/dpkg/status.d/libsqlite3-0"]);
    assert.deepEqual(rows(packageSets.flatMap((s) => s.packages)), expectedRows("syft-distroless.tsv"));
    assert.deepEqual(warnings, []);
  });

  it("pkg-coverage: status and status.d", () => {
    const base = join(dir, "syft-pkg-coverage/var/lib/dpkg");
    assert.deepEqual(rows(parseFile("syft-pkg-coverage/var/lib/dpkg/status").packages), expectedRows("syft-pkg-coverage-status.tsv"));
    const view = new Map(readdirSync(join(base, "status.d")).map((n) => [`/var/lib/dpkg/status.d/${n}`, readFileSync(join(base, "status.d", n))] as const));
    const sets = readDpkgDatabase(view).packageSets;
    assert.deepEqual(rows(sets.flatMap((s) => s.packages)), expectedRows("syft-pkg-coverage-status.d.tsv"));
  });

  for (const file of ["coreutils-relationships", "deinstall", "installed-size-4KB", "single"]) {
    it(`status.d case ${file} equals dpkg-query's ii rows`, () => {
      const r = parseFile(`syft-status-d-cases/${file}`, `/var/lib/dpkg/status.d/${file}`);
      assert.deepEqual(rows(r.packages), expectedRows("syft-status-d-cases.tsv", file));
      assert.deepEqual(r.warnings, []);
    });
  }

  it("a held package (`apt-mark hold`, Status-Abbrev hi) is installed; config-files and deinstall are not", () => {
    const stanza = (name: string, status: string) => `Package: ${name}\nStatus: ${status}\nArchitecture: amd64\nVersion: 1.0-1\n`;
    const text = [stanza("held", "hold ok installed"), stanza("gone", "deinstall ok config-files"), stanza("going", "deinstall ok installed"), stanza("kept", "install ok installed")].join("\n");
    const r = parseDpkgStatus(Buffer.from(text), "/var/lib/dpkg/status");
    assert.deepEqual(r.packages.map((p) => p.name), ["held", "kept"]);
  });

  it("multi-line fields, Source with its own version, dependencies", () => {
    const r = parseFile("syft-status-d-cases/coreutils-relationships");
    const selinux = r.packages.find((p) => p.name === "libselinux1");
    assert.deepEqual(selinux?.source, { name: "libselinux", version: "3.4-1" });
    assert.equal(selinux?.version, "3.4-1+b6");
    const coreutils = r.packages.find((p) => p.name === "coreutils");
    assert.ok(coreutils?.dependsOn?.includes("libc6"));
    const ubuntu = parseFile("trivy-ubuntu-18.04/var/lib/dpkg/status").packages.find((p) => p.name === "zlib1g");
    assert.equal(ubuntu?.maintainer, "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>");
  });

  it("recovers the valid stanzas of files dpkg-query rejects", () => {
    const multiple = parseFile("syft-status-d-cases/multiple", "/var/lib/dpkg/status.d/multiple");
    assert.deepEqual(multiple.packages.map((p) => p.name).sort(), ["tzdata", "util-linux"]);
    assert.ok(multiple.warnings.some((w) => w.includes("no-version") && w.startsWith("/var/lib/dpkg/status.d/multiple")));
    const pam = parseFile("syft-status-d-cases/libpam-runtime");
    assert.deepEqual(rows(pam.packages), [["libpam-runtime", "1.5.2-6+deb12u1", "all", "pam", "1.5.2-6+deb12u1"]]);
    const docs = parseFile("syft-status-d-cases/doc-examples");
    assert.ok(docs.packages.some((p) => p.name === "mutt" && p.version === "1.3.17-1"));
  });

  it("corrupt and empty files give warnings, not packages", () => {
    const corrupt = parseFile("syft-status-d-cases/corrupt", "/var/lib/dpkg/status.d/corrupt");
    assert.deepEqual(corrupt.packages, []);
    assert.ok(corrupt.warnings.length > 0);
    assert.ok(corrupt.warnings.every((w) => w.startsWith("/var/lib/dpkg/status.d/corrupt: ")));
    const empty = parseFile("syft-status-d-cases/empty");
    assert.deepEqual(empty.packages, []);
  });

  it("truncated status: a warning naming the file and every package before the cut", () => {
    const full = readFileSync(join(dir, "trivy-ubuntu-18.04/var/lib/dpkg/status"));
    const cut = full.indexOf("\nVersion:", full.indexOf("Package: zlib1g")) + 1;
    const r = parseDpkgStatus(full.subarray(0, cut), "/var/lib/dpkg/status");
    const names = r.packages.map((p) => p.name);
    const before = parseDpkgStatus(full, "/x").packages.map((p) => p.name);
    assert.deepEqual(names, before.slice(0, before.indexOf("zlib1g")));
    assert.ok(r.warnings.some((w) => w.startsWith("/var/lib/dpkg/status: ") && /zlib1g has no Version/.test(w)));
    const midLine = parseDpkgStatus(full.subarray(0, cut + 12), "/var/lib/dpkg/status");
    assert.deepEqual(midLine.packages.map((p) => p.name), names.concat("zlib1g"));
    assert.ok(midLine.warnings.some((w) => w.startsWith("/var/lib/dpkg/status: ") && /truncated/.test(w)));
  });

  it("binary garbage does not throw", () => {
    const junk = Buffer.alloc(4096);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) % 251;
    const r = parseDpkgStatus(junk, "/var/lib/dpkg/status");
    assert.deepEqual(r.packages, []);
  });
});

describe("dpkg helpers", () => {
  it("status file paths", () => {
    assert.equal(isStatusFile("/var/lib/dpkg/status"), true);
    assert.equal(isStatusFile("/var/lib/dpkg/status.d/libc6"), true);
    assert.equal(isStatusFile("/var/lib/dpkg/status.d/libc6.md5sums"), false);
    assert.equal(isStatusFile("/var/lib/dpkg/status-old"), false);
  });

  it("licence names to SPDX", () => {
    const table: [string, string][] = [
      ["GPL-2+", "GPL-2.0-or-later"], ["GPL-2", "GPL-2.0-only"], ["LGPL-2.1+", "LGPL-2.1-or-later"],
      ["LGPL-2", "LGPL-2.0-only"], ["GPLv3+", "GPL-3.0-or-later"], ["Expat", "MIT"], ["BSD-3-clause", "BSD-3-Clause"],
      ["Apache-2", "Apache-2.0"], ["zlib", "Zlib"], ["public-domain", "public-domain"], ["GFDL-1.3+", "GFDL-1.3-or-later"],
      ["Artistic", "Artistic"],
    ];
    for (const [input, want] of table) assert.equal(normaliseLicense(input), want, input);
  });

  it("DEP-5 copyright licences; a free-form file gives none", () => {
    const dep5 = Buffer.from("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: x\nLicense: GPL-2+ or Artistic\n\nFiles: lib/*\nLicense: BSD-3-clause and Expat\n\nLicense: GPL-2+\n On Debian systems…\n");
    assert.deepEqual(parseCopyright(dep5), ["Artistic", "BSD-3-Clause", "GPL-2.0-or-later", "MIT"]);
    assert.equal(parseCopyright(Buffer.from("This is Debian's prepackaged version of foo.\nLicense: GPL\n")), undefined);
  });

  it("purl", () => {
    const pkg: Package = { type: "deb", name: "libssl3", version: "3.0.15-1~deb12u1", arch: "amd64", purl: "", source: { name: "openssl", version: "3.0.15-1~deb12u1" }, locations: [] };
    assert.equal(debPurl(pkg, { family: "debian", name: "12" }), "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12&upstream=openssl");
    assert.equal(debPurl(pkg), "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&upstream=openssl");
  });
});

describe("dpkg on the bookworm test image", () => {
  function rootfsView(root: string): Map<string, Buffer> {
    const view = new Map<string, Buffer>();
    view.set("/var/lib/dpkg/status", readFileSync(join(root, "var/lib/dpkg/status")));
    for (const n of readdirSync(join(root, "var/lib/dpkg/info"))) {
      if (n.endsWith(".list")) view.set(`/var/lib/dpkg/info/${n}`, readFileSync(join(root, "var/lib/dpkg/info", n)));
    }
    for (const n of readdirSync(join(root, "usr/share/doc"))) {
      const p = join(root, "usr/share/doc", n, "copyright");
      if (existsSync(p)) view.set(`/usr/share/doc/${n}/copyright`, readFileSync(p));
    }
    return view;
  }

  it("equals expected.json bookworm.dpkg, with owned files and licences", async () => {
    const img = testImages();
    const view = rootfsView(img.rootfs);
    const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };
    const input = [...view].filter(([p]) => dpkgAnalyzer.wants(p, info)).map(([path, content]) => ({ path, info, content }));
    const warnings: string[] = [];
    const res = await dpkgAnalyzer.analyze(input, { logger: silentLogger, warn: (m) => warnings.push(m) });
    assert.deepEqual(warnings, []);
    const sets = res.packageSets ?? [];
    const statusSets = sets.filter((s) => !isDpkgInfoSet(s));
    assert.deepEqual(statusSets.map((s) => s.path), ["/var/lib/dpkg/status"]);
    const pkgs = statusSets.flatMap((s) => s.packages);
    assert.ok(pkgs.every((p) => p.files === undefined), "owned files come from the dpkg-info sets");
    applyDpkgInfo(pkgs, sets.filter(isDpkgInfoSet));
    const want = img.expected.bookworm.dpkg.map((d): Row => [d.name, d.version, d.arch, d.source, d.sourceVersion]).sort();
    assert.deepEqual(rows(pkgs), want);
    const libc = pkgs.find((p) => p.name === "libc6");
    assert.ok(libc?.files?.includes("/lib/x86_64-linux-gnu/libc.so.6"), "libc6:amd64.list attached");
    const base = pkgs.find((p) => p.name === "base-files");
    assert.ok(base?.files?.includes("/etc/os-release") || base?.files?.includes("/usr/lib/os-release"));
    const withLicences = pkgs.filter((p) => (p.licenses?.length ?? 0) > 0);
    assert.ok(withLicences.length >= 50, `licences for ${withLicences.length} packages`);
    const zlib = pkgs.find((p) => p.name === "zlib1g");
    assert.ok(zlib?.licenses?.includes("Zlib"), `zlib1g licences ${String(zlib?.licenses)}`);
    const direct = readDpkgDatabase(view).packageSets.flatMap((s) => s.packages);
    assert.deepEqual(direct, pkgs, "readDpkgDatabase on the full view attaches the same files and licences");
  });
});
