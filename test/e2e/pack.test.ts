/**
 * The npm package as users get it (#21 "Release"): `npm pack` of the built project, the tarball installed into
 * an empty folder, then `dredge --version` and a real scan with the installed CLI.
 *
 * No network: the install is `npm ci --offline` from npm's cache, with a lockfile made from the project's own
 * (its production entries, the tarball as the one dependency), so every dependency resolves to the version
 * and integrity the project is tested with. Every install script runs. better-sqlite3's own (`prebuild-install
 * || node-gyp rebuild`) finds its prebuilt binary where prebuild-install looks for local prebuilds
 * (npm_config_better_sqlite3_local_prebuilds): a prebuild tarball made here of the binary the project's own
 * `npm ci` compiled from the same pinned source, for this Node's ABI (prebuild-install loads it before
 * accepting it). Compiling it a second time (minutes) would test better-sqlite3's build, which the project's
 * `npm ci` already does, not this package (with the compile this file took minutes and ran last as
 * pack.slow.test.ts). Needs `npm run build` first (as `npm test` does).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ScanReport } from "../../src/model/finding.js";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { testImages } from "../helpers/images.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

const root = resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
const SLOW = 40 * 60_000;
const SQLITE = "better_sqlite3";
const sqliteDir = join(root, "node_modules/better-sqlite3");
const sqliteBinary = "build/Release/better_sqlite3.node";

/**
 * A directory holding better-sqlite3's prebuild tarball (`build/Release/better_sqlite3.node`) under the name
 * prebuild-install asks for (`better-sqlite3-vVERSION-node-vABI-PLATFORM-ARCH.tar.gz`, glibc), made of the
 * project's own installed binary.
 */
function localPrebuild(dir: string): string {
  assert.ok(existsSync(join(sqliteDir, sqliteBinary)), "better-sqlite3 installed by the project's npm ci");
  const { version } = JSON.parse(readFileSync(join(sqliteDir, "package.json"), "utf8")) as { version: string };
  assert.equal(version, pkg.dependencies["better-sqlite3"], "the installed better-sqlite3 is the pinned one");
  const prebuilds = join(dir, "prebuilds");
  mkdirSync(prebuilds);
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packed = run("tar", ["-czf", join(prebuilds, name), "-C", sqliteDir, sqliteBinary], dir);
  assert.equal(packed.code, 0, packed.out);
  return prebuilds;
}

let work: string;
let tarball: string;
let files: string[];
let app: string;
let install: { code: number | null; out: string };

interface LockEntry { dev?: boolean }

/** package.json and package-lock.json of an empty project depending on the tarball only. */
function emptyProject(dir: string): void {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const dep = { [pkg.name]: `file:${tarball}` };
  const packages: Record<string, unknown> = {
    "": { name: "dredge-pack-test", version: "1.0.0", dependencies: dep },
    [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: `file:${tarball}`, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path.startsWith("node_modules/") && !entry.dev) packages[path] = entry;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "dredge-pack-test", version: "1.0.0", private: true, dependencies: dep }));
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify({ name: "dredge-pack-test", version: "1.0.0", lockfileVersion: 3, requires: true, packages }));
}

const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 300_000) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout, maxBuffer: 1 << 26 });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
};

before(() => {
  assert.ok(existsSync(join(root, "dist/cli/main.js")), "npm run build first");
  work = mkdtempSync(join(tmpdir(), "dredge-pack-"));
  const packed = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root);
  assert.equal(packed.code, 0, packed.out);
  tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
  const listed = run("tar", ["-tzf", tarball], work);
  files = listed.out.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  app = join(work, "app");
  mkdirSync(app);
  emptyProject(app);
  install = run("npm", ["ci", "--offline", "--omit=dev", "--no-audit", "--no-fund"], app, { [`npm_config_${SQLITE}_local_prebuilds`]: localPrebuild(work) }, SLOW);
}, { timeout: SLOW + 120_000 });
after(() => rmSync(work, { recursive: true, force: true }));

describe("npm pack: the package installed into an empty folder", { timeout: SLOW }, () => {
  it("the tarball holds the CLI, the built library with its types, README and docs; no sources or tests", () => {
    for (const f of ["package.json", "bin/dredge.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "README.md", "docs/ci.md"]) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/")), "no src/, test/, node_modules/");
  });

  it("installs offline with the dependencies the project pins (better-sqlite3 from the local prebuild)", () => {
    assert.equal(install.code, 0, install.out.slice(-3000));
    assert.ok(existsSync(join(app, "node_modules/.bin/dredge")));
    const installed = join(app, "node_modules/better-sqlite3");
    assert.deepEqual(readFileSync(join(installed, sqliteBinary)), readFileSync(join(sqliteDir, sqliteBinary)));
    assert.ok(!existsSync(join(installed, "build/Makefile")), "prebuild-install took the prebuild: node-gyp did not compile");
  });

  it("`dredge --version` of the installed package is package.json's", () => {
    const r = run(join(app, "node_modules/.bin/dredge"), ["--version"], app);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out.trim(), pkg.version);
  });

  it("the installed `dredge` scans the test image: a valid JSON report with the image's packages and findings", async () => {
    const img = testImages();
    const db = await buildFixtureDb(work);
    const out = join(work, "report.json");
    const r = run(join(app, "node_modules/.bin/dredge"), ["image", img.ociArchive, "--db", db, "--skip-db-update", "--cache-dir", join(work, "cache"), "--list-all-pkgs", "--format", `json=${out}`, "--exit-code", "4"], app);
    assert.equal(r.code, 4, r.out);
    const report = JSON.parse(readFileSync(out, "utf8")) as ScanReport;
    assert.deepEqual(schemaErrors(schemaValidator("dredge"), report), []);
    assert.equal(report.targets.flatMap((t) => t.packages ?? []).filter((p) => p.type === "deb").length, img.expected.bookworm.dpkg.length);
    const lodash = img.expected.bookworm.npm.find((p) => p.name === "lodash")!;
    assert.ok(report.targets.flatMap((t) => t.vulnerabilities).some((v) => v.package.name === "lodash" && v.installedVersion === lodash.version));
  });
});
