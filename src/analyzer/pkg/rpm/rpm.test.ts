import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, rmSync, copyFileSync, chmodSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extract } from "tar-stream";
import Database from "better-sqlite3";
import { fixturesDir, testImages } from "../../../../test/helpers/images.js";
import { silentLogger } from "../../../util/log.js";
import type { Package } from "../../../model/package.js";
import { rpmPurl } from "../../../purl/index.js";
import { detectOS } from "../../os/detect.js";
import { readRpmPackages, readRpmDatabase, readRpmSqlite } from "./database.js";
import { rpmAnalyzer } from "./analyzer.js";

const dir = join(fixturesDir, "pkgdb/rpm");

function expected(name: string): string[][] {
  const lines = readFileSync(join(dir, "expected", `${name}.tsv`), "utf8").split("\n").slice(1);
  return lines.filter((l) => l.trim() !== "").map((l) => l.split("\t")).sort(cmp);
}
const cmp = (a: string[], b: string[]) => (a.join("\t") < b.join("\t") ? -1 : 1);
const rows = (pkgs: Package[]) =>
  pkgs
    .map((p) => [
      p.name,
      p.epoch === undefined ? "(none)" : String(p.epoch),
      p.version,
      p.release ?? "",
      p.arch ?? "",
      p.source ? `${p.source.name}-${p.source.version}-${p.source.release ?? ""}.src.rpm` : "(none)",
    ])
    .sort(cmp);

const cases = [
  ["bdb-rhel8-libuuid", "Packages", "bdb", "/var/lib/rpm/Packages"],
  ["bdb-syft-dive", "Packages", "bdb", "/var/lib/rpm/Packages"],
  ["ndb-sle15.3-bci-minimal", "Packages.db", "ndb", "/usr/lib/sysimage/rpm/Packages.db"],
  ["sqlite-cbl-mariner-2.0", "rpmdb.sqlite", "sqlite", "/var/lib/rpm/rpmdb.sqlite"],
] as const;

describe("rpm databases equal rpm -qa", () => {
  for (const [name, file, format, path] of cases) {
    it(`${name} (${format})`, async () => {
      const content = readFileSync(join(dir, name, file));
      const r = format === "sqlite" ? await readRpmSqlite(path, content) : readRpmPackages(format, path, content);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(rows(r.packages), expected(name));
    });
  }

  it("licence, vendor, files and purl of libuuid (BerkeleyDB)", () => {
    const [pkg] = readRpmPackages("bdb", "/var/lib/rpm/Packages", readFileSync(join(dir, "bdb-rhel8-libuuid/Packages"))).packages;
    assert.ok(pkg);
    assert.deepEqual(pkg.licenses, ["BSD"]);
    assert.equal(pkg.vendor, "Red Hat, Inc.");
    assert.ok(pkg.files?.includes("/usr/lib64/libuuid.so.1"));
    assert.deepEqual(pkg.locations, [{ path: "/var/lib/rpm/Packages" }]);
    assert.equal(rpmPurl(pkg, { family: "redhat", name: "8.8" }), "pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64&distro=rhel-8.8");
  });

  it("epoch in the purl", async () => {
    const pkgs = (await readRpmSqlite("/var/lib/rpm/rpmdb.sqlite", readFileSync(join(dir, "sqlite-cbl-mariner-2.0/rpmdb.sqlite")))).packages;
    const withEpoch = pkgs.find((p) => (p.epoch ?? 0) > 0);
    assert.ok(withEpoch, "the Mariner DB has a package with an epoch");
    assert.match(rpmPurl(withEpoch, { family: "cbl-mariner", name: "2.0" }), new RegExp(`&epoch=${withEpoch.epoch}$`));
  });

  it("dependencies resolved through provides and owned files (as rpm -q --requires | --whatprovides)", async () => {
    const pkgs = (await readRpmSqlite("/var/lib/rpm/rpmdb.sqlite", readFileSync(join(dir, "sqlite-cbl-mariner-2.0/rpmdb.sqlite")))).packages;
    const tmp = mkdtempSync(join(tmpdir(), "dredge-rpm-deps-"));
    try {
      copyFileSync(join(dir, "sqlite-cbl-mariner-2.0/rpmdb.sqlite"), join(tmp, "rpmdb.sqlite"));
      chmodSync(join(tmp, "rpmdb.sqlite"), 0o600);
      const rpm = (...args: string[]) =>
        spawnSync("rpm", ["--dbpath", tmp, "--define", "_db_backend sqlite", "-q", ...args], { encoding: "utf8" }).stdout;
      for (const name of ["curl", "bash", "openssl-libs"]) {
        const requires = rpm("--requires", name).split("\n").map((l) => l.split(" ")[0] ?? "").filter((r) => r && !r.startsWith("rpmlib("));
        const want = new Set<string>();
        for (const r of new Set(requires)) for (const p of rpm("--whatprovides", r, "--qf", "%{NAME}\n").split("\n")) if (p && p !== name) want.add(p);
        assert.deepEqual(pkgs.find((p) => p.name === name)?.dependsOn ?? [], [...want].sort(), name);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("the analyzer wants the databases and the -wal sibling in both directories", () => {
    const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };
    for (const p of ["/var/lib/rpm/Packages", "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite-wal", "/usr/lib/sysimage/rpm/Packages.db", "/usr/lib/sysimage/rpm/rpmdb.sqlite"]) {
      assert.equal(rpmAnalyzer.wants(p, info), true, p);
    }
    for (const p of ["/var/lib/rpm/Name", "/var/lib/rpm/rpmdb.sqlite-shm", "/var/lib/rpm/Packages-wal", "/opt/var/lib/rpm/Packages"]) {
      assert.equal(rpmAnalyzer.wants(p, info), false, p);
    }
  });
});

describe("SQLite in WAL mode", () => {
  it("applies the -wal file when present", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "dredge-wal-test-"));
    try {
      const file = join(tmp, "rpmdb.sqlite");
      copyFileSync(join(dir, "sqlite-cbl-mariner-2.0/rpmdb.sqlite"), file);
      chmodSync(file, 0o600);
      const db = new Database(file);
      db.pragma("journal_mode = WAL");
      db.pragma("wal_autocheckpoint = 0");
      const before = readFileSync(file);
      db.prepare("INSERT INTO Packages (blob) SELECT blob FROM Packages WHERE hnum = (SELECT min(hnum) FROM Packages)").run();
      const wal = readFileSync(`${file}-wal`);
      const main = readFileSync(file);
      db.close();
      assert.ok(wal.length > 0, "the insert is only in the WAL");
      assert.ok(main.equals(before), "the main file is unchanged");
      const p = "/var/lib/rpm/rpmdb.sqlite";
      const withoutWal = await readRpmDatabase(new Map([[p, main]]));
      const withWal = await readRpmDatabase(new Map([[p, main], [`${p}-wal`, wal]]));
      assert.equal(withoutWal.packageSets[0]?.packages.length, 129);
      assert.equal(withWal.packageSets[0]?.packages.length, 130);
      assert.deepEqual(withWal.warnings, []);
      assert.deepEqual(withWal.packageSets.map((s) => s.path), [p]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

/** Files of the single layer of the rocky9-rpm test image, read from the OCI layout. */
async function rockyLayerFiles(wanted: (p: string) => boolean): Promise<Map<string, Buffer>> {
  const oci = testImages().oci;
  const blob = (digest: string) => readFileSync(join(oci, "blobs", ...digest.split(":")));
  const index = JSON.parse(readFileSync(join(oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const desc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "rocky9-rpm");
  assert.ok(desc, "rocky9-rpm tag in the OCI layout");
  const manifest = JSON.parse(blob(desc.digest).toString("utf8")) as { layers: { digest: string }[] };
  const files = new Map<string, Buffer>();
  const tar = extract();
  const done = new Promise<void>((resolve, reject) => {
    tar.on("entry", (header, stream, next) => {
      const path = `/${header.name.replace(/^\.?\/+/, "")}`;
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        if (Buffer.isBuffer(c)) chunks.push(c);
      });
      stream.on("end", () => {
        if (header.type === "file" && wanted(path)) files.set(path, Buffer.concat(chunks));
        next();
      });
    });
    tar.on("finish", () => resolve());
    tar.on("error", reject);
  });
  const [layer] = manifest.layers;
  assert.ok(layer && manifest.layers.length === 1, "rocky9-rpm has one layer");
  tar.end(gunzipSync(blob(layer.digest)));
  await done;
  return files;
}

describe("rocky9-rpm test image", () => {
  it("rpm packages and OS equal expected.json", async () => {
    const img = testImages();
    const files = await rockyLayerFiles((p) => p.startsWith("/etc/") || p.startsWith("/var/lib/rpm/"));
    const info = { path: "", type: "file" as const, size: 0, mode: 0o644, uid: 0, gid: 0 };
    const input = [...files].filter(([p]) => rpmAnalyzer.wants(p, info)).map(([path, content]) => ({ path, info, content }));
    assert.deepEqual(input.map((f) => f.path), ["/var/lib/rpm/rpmdb.sqlite"]);
    const warnings: string[] = [];
    const res = await rpmAnalyzer.analyze(input, { logger: silentLogger, warn: (m) => warnings.push(m) });
    assert.deepEqual(warnings, []);
    const pkgs = res.packageSets?.flatMap((s) => s.packages) ?? [];
    const got = pkgs.map((p) => ({ name: p.name, version: `${p.version}-${p.release ?? ""}`, arch: p.arch ?? "" }));
    assert.deepEqual(got.sort((a, b) => (a.name < b.name ? -1 : 1)), img.expected["rocky9-rpm"].rpm);
    const os = detectOS(files, { now: new Date("2026-11-27T00:00:00Z") });
    assert.deepEqual([os?.family, os?.name], [img.expected["rocky9-rpm"].os.id, img.expected["rocky9-rpm"].os.version]);
    const ssl = pkgs.find((p) => p.name === "openssl-libs");
    assert.ok(ssl && os);
    assert.equal(rpmPurl(ssl, os), "pkg:rpm/rocky/openssl-libs@3.0.1-41.el9_0?arch=x86_64&distro=rocky-9.0");
    assert.deepEqual(ssl.files, ["/usr/share/doc/openssl-libs/README"]);
    assert.deepEqual(ssl.licenses, ["MIT"]);
  });
});
