/**
 * The npm package as users get it (#21 "Release"): `npm pack` of the built project, the tarball installed into
 * an empty folder, then `dredge --version` and a real scan with the installed CLI.
 *
 * No network: the install is `npm ci --offline` from npm's cache, with a lockfile made from the project's own
 * (its production entries, the tarball as the one dependency), so every dependency resolves to the version
 * and integrity the project is tested with. better-sqlite3 has no prebuilt binary offline and compiles from
 * source (node-gyp against the installed Node's headers): SLOW — minutes, twenty on a loaded machine — hence
 * the file's name: scripts/test.mjs runs *.slow.test.ts last, with an hour's timeout. Needs `npm run build` first (as `npm test` does).
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
  // Node's headers for node-gyp: Debian's nodejs-dev under /usr (no download); else node-gyp's own cache.
  const nodedir = existsSync("/usr/include/node/common.gypi") ? { npm_config_nodedir: "/usr" } : {};
  install = run("npm", ["ci", "--offline", "--omit=dev", "--no-audit", "--no-fund"], app, { npm_config_build_from_source: "true", ...nodedir }, SLOW);
}, { timeout: SLOW + 120_000 });
after(() => rmSync(work, { recursive: true, force: true }));

describe("npm pack: the package installed into an empty folder", { timeout: SLOW }, () => {
  it("the tarball holds the CLI, the built library with its types, README and docs; no sources or tests", () => {
    for (const f of ["package.json", "bin/dredge.js", "dist/index.js", "dist/index.d.ts", "dist/cli/main.js", "README.md", "docs/ci.md"]) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.startsWith("src/") || f.startsWith("test/") || f.startsWith("node_modules/")), "no src/, test/, node_modules/");
  });

  it("installs offline with the dependencies the project pins (better-sqlite3 built from source)", () => {
    assert.equal(install.code, 0, install.out.slice(-3000));
    assert.ok(existsSync(join(app, "node_modules/.bin/dredge")));
    assert.ok(existsSync(join(app, "node_modules/better-sqlite3/build/Release/better_sqlite3.node")));
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
