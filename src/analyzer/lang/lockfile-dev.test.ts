/**
 * The minimal graphs of issue #14 written as each lockfile format: prod `debug` → `ms`, dev `supports-color` →
 * `has-flag`, `ms` also a direct dev dependency. Expected everywhere: ms prod (prod needs it), has-flag dev
 * (reached only through dev). Plus each format's own cases (aliases, workspaces, devOptional, dev groups…).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Package } from "../../model/package.js";
import { parsePackageLock } from "./npm/package-lock.js";
import { parsePnpmLock } from "./npm/pnpm-lock.js";
import { parseYarnLock } from "./npm/yarn-lock.js";
import { parseUvLock } from "./python/uv-lock.js";
import { parseCargoLock } from "./rust/cargo-lock.js";

const buf = (lines: string[] | string): Buffer => Buffer.from(Array.isArray(lines) ? lines.join("\n") : lines);
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
const devMap = (pkgs: Package[]): Record<string, boolean | undefined> => Object.fromEntries(pkgs.map((p) => [`${p.name}@${p.version}`, p.dev]));

const issueShape = { "debug@4.3.4": false, "ms@2.1.2": false, "supports-color@8.1.1": true, "has-flag@4.0.0": true };

describe("pnpm: dev by reachability", () => {
  it("v9: importers + snapshots", () => {
    const lock = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      debug: {specifier: ^4, version: 4.3.4}",
      "    devDependencies:",
      "      supports-color: {specifier: ^8, version: 8.1.1}",
      "      ms: {specifier: ^2, version: 2.1.2}",
      "packages:",
      "  debug@4.3.4: {resolution: {integrity: sha512-a}}",
      "  ms@2.1.2: {resolution: {integrity: sha512-b}}",
      "  supports-color@8.1.1: {resolution: {integrity: sha512-c}}",
      "  has-flag@4.0.0: {resolution: {integrity: sha512-d}}",
      "snapshots:",
      "  debug@4.3.4: {dependencies: {ms: 2.1.2}}",
      "  ms@2.1.2: {}",
      "  supports-color@8.1.1: {dependencies: {has-flag: 4.0.0}}",
      "  has-flag@4.0.0: {}",
    ];
    const r = parsePnpmLock(buf(lock), "/pnpm-lock.yaml");
    assert.deepEqual(devMap(r.packages), issueShape);
  });

  it("v9 workspaces: members are roots (not reported), links between them, peers in snapshot keys, git and URL sources", () => {
    const lock = [
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    devDependencies:",
      "      typescript: {specifier: ^5, version: 5.4.5}",
      "  packages/a:",
      "    dependencies:",
      "      b: {specifier: workspace:*, version: link:../b}",
      "      react-dom: {specifier: ^18, version: 18.2.0(react@18.2.0)}",
      "      tool: {specifier: github:u/tool, version: https://codeload.github.com/u/tool/tar.gz/0123456789abcdef0123456789abcdef01234567}",
      "  packages/b:",
      "    dependencies:",
      "      fork: {specifier: git+https://example.com/fork.git, version: git+https://example.com/fork.git#89abcdef0123456789abcdef0123456789abcdef}",
      "    devDependencies:",
      "      vitest: {specifier: ^1, version: 1.6.0}",
      "packages:",
      "  typescript@5.4.5: {resolution: {integrity: sha512-a}}",
      "  react@18.2.0: {resolution: {integrity: sha512-b}}",
      "  react-dom@18.2.0: {resolution: {integrity: sha512-c}, peerDependencies: {react: ^18}}",
      "  vitest@1.6.0: {resolution: {integrity: sha512-d}}",
      "  tool@https://codeload.github.com/u/tool/tar.gz/0123456789abcdef0123456789abcdef01234567:",
      "    resolution: {tarball: https://codeload.github.com/u/tool/tar.gz/0123456789abcdef0123456789abcdef01234567}",
      "    name: tool",
      "    version: 1.2.0",
      "  fork@git+https://example.com/fork.git#89abcdef0123456789abcdef0123456789abcdef:",
      "    resolution: {type: git, repo: https://example.com/fork.git, commit: 89abcdef0123456789abcdef0123456789abcdef}",
      "    name: lodash",
      "    version: 4.17.21",
      "snapshots:",
      "  typescript@5.4.5: {}",
      "  react@18.2.0: {}",
      "  react-dom@18.2.0(react@18.2.0): {dependencies: {react: 18.2.0}}",
      "  vitest@1.6.0: {}",
      "  tool@https://codeload.github.com/u/tool/tar.gz/0123456789abcdef0123456789abcdef01234567: {}",
      "  fork@git+https://example.com/fork.git#89abcdef0123456789abcdef0123456789abcdef: {}",
    ];
    const r = parsePnpmLock(buf(lock), "/pnpm-lock.yaml");
    assert.deepEqual(devMap(r.packages), {
      "typescript@5.4.5": true,
      "react@18.2.0": false,
      "react-dom@18.2.0": false,
      "vitest@1.6.0": true,
      "tool@1.2.0": false,
      "lodash@4.17.21": false,
    });
    const purl = (n: string) => r.packages.find((p) => p.name === n)?.purl;
    assert.equal(purl("tool"), "pkg:npm/tool@1.2.0?download_url=https%3A%2F%2Fcodeload.github.com%2Fu%2Ftool%2Ftar.gz%2F0123456789abcdef0123456789abcdef01234567");
    assert.match(purl("lodash") ?? "", /^pkg:npm\/lodash@4\.17\.21\?vcs_url=git%2Bhttps/);
    assert.equal(r.packages.find((p) => p.name === "react-dom")?.direct, true);
  });

  it("pnpm 11+: the environment's document (the pnpm executable) before the project's", () => {
    const lock = [
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    packageManagerDependencies:",
      "      pnpm: {specifier: 11.0.0, version: 11.0.0}",
      "packages:",
      "  pnpm@11.0.0: {resolution: {integrity: sha512-p}}",
      "snapshots:",
      "  pnpm@11.0.0: {}",
      "---",
      "lockfileVersion: '9.0'",
      "importers:",
      "  .:",
      "    dependencies:",
      "      ms: {specifier: ^2, version: 2.1.2}",
      "packages:",
      "  ms@2.1.2: {resolution: {integrity: sha512-b}}",
      "snapshots:",
      "  ms@2.1.2: {}",
    ];
    assert.deepEqual(devMap(parsePnpmLock(buf(lock), "/pnpm-lock.yaml").packages), { "ms@2.1.2": false });
  });

  it("v6: a package without `dev:` is used by both (prod), even when also a direct devDependency", () => {
    const lock = [
      "lockfileVersion: '6.0'",
      "dependencies:",
      "  debug: {specifier: ^4, version: 4.3.4}",
      "devDependencies:",
      "  supports-color: {specifier: ^8, version: 8.1.1}",
      "  ms: {specifier: ^2, version: 2.1.2}",
      "packages:",
      "  /debug@4.3.4: {resolution: {integrity: sha512-a}, dependencies: {ms: 2.1.2}, dev: false}",
      "  /ms@2.1.2: {resolution: {integrity: sha512-b}}",
      "  /supports-color@8.1.1: {resolution: {integrity: sha512-c}, dependencies: {has-flag: 4.0.0}, dev: true}",
      "  /has-flag@4.0.0: {resolution: {integrity: sha512-d}, dev: true}",
      "  /orphan@1.0.0: {resolution: {integrity: sha512-e}, dev: true}",
    ];
    const r = parsePnpmLock(buf(lock), "/pnpm-lock.yaml");
    // orphan: no importer reaches it, pnpm's own flag decides.
    assert.deepEqual(devMap(r.packages), { ...issueShape, "orphan@1.0.0": true });
  });

  it("v5: `/name/version` keys", () => {
    const lock = [
      "lockfileVersion: 5.4",
      "specifiers: {debug: ^4, supports-color: ^8, ms: ^2}",
      "dependencies: {debug: 4.3.4}",
      "devDependencies: {supports-color: 8.1.1, ms: 2.1.2}",
      "packages:",
      "  /debug/4.3.4: {resolution: {integrity: sha512-a}, dependencies: {ms: 2.1.2}, dev: false}",
      "  /ms/2.1.2: {resolution: {integrity: sha512-b}}",
      "  /supports-color/8.1.1: {resolution: {integrity: sha512-c}, dependencies: {has-flag: 4.0.0}, dev: true}",
      "  /has-flag/4.0.0: {resolution: {integrity: sha512-d}, dev: true}",
    ];
    assert.deepEqual(devMap(parsePnpmLock(buf(lock), "/pnpm-lock.yaml").packages), issueShape);
  });
});

describe("npm package-lock v2/v3", () => {
  it("the issue's shape; devOptional (a dev dependency's and an optional prod dependency's) is not dev", () => {
    const doc = {
      lockfileVersion: 3,
      packages: {
        "": { name: "app", dependencies: { debug: "^4", "opt-parent": "^1" }, devDependencies: { "supports-color": "^8", ms: "^2", "dev-tool": "^1" } },
        "node_modules/debug": { version: "4.3.4", dependencies: { ms: "^2" } },
        "node_modules/ms": { version: "2.1.2" },
        "node_modules/supports-color": { version: "8.1.1", dev: true, dependencies: { "has-flag": "^4" } },
        "node_modules/has-flag": { version: "4.0.0", dev: true },
        "node_modules/opt-parent": { version: "1.0.0", optionalDependencies: { "opt-child": "^1" } },
        "node_modules/opt-child": { version: "1.0.0", devOptional: true },
        "node_modules/dev-tool": { version: "1.0.0", dev: true, dependencies: { "opt-child": "^1" } },
        "node_modules/stray": { version: "1.0.0", devOptional: true },
      },
    };
    const r = parsePackageLock(json(doc), "/package-lock.json");
    assert.deepEqual(devMap(r.packages), { ...issueShape, "opt-parent@1.0.0": false, "opt-child@1.0.0": false, "dev-tool@1.0.0": true, "stray@1.0.0": false });
  });

  it("workspace members, named or not (npm omits `name` equal to the folder), are roots: not reported, their dependencies direct", () => {
    const doc = {
      lockfileVersion: 3,
      packages: {
        "": { name: "mono", workspaces: ["packages/*"], devDependencies: { eslint: "^9" } },
        "packages/a": { version: "1.0.0", dependencies: { debug: "^4" }, devDependencies: { "supports-color": "^8" } },
        "packages/b": { name: "@x/b", version: "2.0.0", dependencies: { a: "^1", tool: "github:u/tool", tar: "https://example.com/tar-1.0.0.tgz" } },
        "node_modules/a": { resolved: "packages/a", link: true },
        "node_modules/@x/b": { resolved: "packages/b", link: true },
        "node_modules/debug": { version: "4.3.4" },
        "node_modules/supports-color": { version: "8.1.1", dev: true },
        "node_modules/eslint": { version: "9.0.0", dev: true },
        "node_modules/tool": { version: "0.1.0", resolved: "git+ssh://git@github.com/u/tool.git#0123456789abcdef0123456789abcdef01234567" },
        "node_modules/tar": { version: "1.0.0", resolved: "https://example.com/tar-1.0.0.tgz" },
        "node_modules/lib": { version: "3.0.0", resolved: "https://npm.pkg.github.com/download/@o/lib/3.0.0/abc" },
      },
    };
    const r = parsePackageLock(json(doc), "/package-lock.json");
    assert.deepEqual(devMap(r.packages), { "debug@4.3.4": false, "supports-color@8.1.1": true, "eslint@9.0.0": true, "tool@0.1.0": false, "tar@1.0.0": false, "lib@3.0.0": false });
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by.debug?.direct, true);
    assert.equal(by.tool?.purl, "pkg:npm/tool@0.1.0?vcs_url=git%2Bssh%3A%2F%2Fgit%40github.com%2Fu%2Ftool.git%400123456789abcdef0123456789abcdef01234567");
    assert.equal(by.tar?.purl, "pkg:npm/tar@1.0.0?download_url=https%3A%2F%2Fexample.com%2Ftar-1.0.0.tgz");
    // A registry tarball (asked for by version, not by URL) is the registry's package.
    assert.equal(by.lib?.purl, "pkg:npm/lib@3.0.0");
  });
});

const pkgJson = (v: unknown): [string, Buffer] => ["package.json", json(v)];

describe("yarn with package.json", () => {
  const classic = [
    "# yarn lockfile v1",
    "",
    "debug@^4:",
    '  version "4.3.4"',
    "  dependencies:",
    '    ms "^2.1.2"',
    "",
    'ms@^2, ms@^2.1.2:',
    '  version "2.1.2"',
    "",
    "supports-color@^8:",
    '  version "8.1.1"',
    "  dependencies:",
    '    has-flag "^4.0.0"',
    "",
    "has-flag@^4.0.0:",
    '  version "4.0.0"',
    "",
    '"prettier-2@npm:prettier@^2":',
    '  version "2.8.8"',
    "",
    '"tool@github:u/tool#0123456789abcdef0123456789abcdef01234567":',
    '  version "0.1.0"',
    '  resolved "https://codeload.github.com/u/tool/tar.gz/0123456789abcdef0123456789abcdef01234567"',
  ];
  const manifest = pkgJson({
    dependencies: { debug: "^4", tool: "github:u/tool#0123456789abcdef0123456789abcdef01234567" },
    devDependencies: { "supports-color": "^8", ms: "^2", "prettier-2": "npm:prettier@^2" },
  });

  it("v1: the issue's shape; an alias is the real package; git sources marked", () => {
    const r = parseYarnLock(buf(classic), "/app/yarn.lock", new Map([manifest]));
    assert.deepEqual(devMap(r.packages), { ...issueShape, "prettier@2.8.8": true, "tool@0.1.0": false });
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p]));
    assert.equal(by.prettier?.purl, "pkg:npm/prettier@2.8.8");
    assert.equal(by.tool?.purl, "pkg:npm/tool@0.1.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fu%2Ftool.git%400123456789abcdef0123456789abcdef01234567");
    assert.equal(by.debug?.direct, true);
    assert.equal(by["has-flag"]?.direct, false);
  });

  it("v1 without package.json: no dev information", () => {
    const r = parseYarnLock(buf(classic), "/app/yarn.lock");
    assert.ok(r.packages.every((p) => p.dev === undefined));
  });

  it("v1 workspaces: members' package.json files by the root's globs", () => {
    const root = pkgJson({ private: true, workspaces: { packages: ["packages/*"] } });
    const a: [string, Buffer] = ["packages/a/package.json", json({ name: "a", dependencies: { debug: "^4" }, devDependencies: { "supports-color": "^8" } })];
    const b: [string, Buffer] = ["packages/b/package.json", json({ name: "b", devDependencies: { ms: "^2" } })];
    const ignored: [string, Buffer] = ["other/c/package.json", json({ name: "c", dependencies: { "supports-color": "^8" } })];
    const r = parseYarnLock(buf(classic), "/yarn.lock", new Map([root, a, b, ignored]));
    assert.deepEqual(devMap(r.packages), { ...issueShape, "prettier@2.8.8": false, "tool@0.1.0": false });
  });

  it("berry: workspace entries list dev and prod together, package.json tells them apart; patches stand for their package", () => {
    const berry = [
      "__metadata:",
      "  version: 8",
      "",
      '"app@workspace:.":',
      "  version: 0.0.0-use.local",
      '  resolution: "app@workspace:."',
      "  dependencies:",
      '    debug: "npm:^4"',
      '    ms: "npm:^2"',
      '    resolve: "patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>"',
      '    supports-color: "npm:^8"',
      "  languageName: unknown",
      "  linkType: soft",
      "",
      '"debug@npm:^4":',
      "  version: 4.3.4",
      '  resolution: "debug@npm:4.3.4"',
      "  dependencies:",
      '    ms: "npm:2.1.2"',
      "",
      '"ms@npm:2.1.2, ms@npm:^2":',
      "  version: 2.1.2",
      '  resolution: "ms@npm:2.1.2"',
      "",
      '"supports-color@npm:^8":',
      "  version: 8.1.1",
      '  resolution: "supports-color@npm:8.1.1"',
      "  dependencies:",
      '    has-flag: "npm:^4.0.0"',
      "",
      '"has-flag@npm:^4.0.0":',
      "  version: 4.0.0",
      '  resolution: "has-flag@npm:4.0.0"',
      "",
      '"resolve@npm:^1.22.0":',
      "  version: 1.22.8",
      '  resolution: "resolve@npm:1.22.8"',
      "",
      '"resolve@patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>":',
      "  version: 1.22.8",
      '  resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"',
    ];
    const manifestBerry = pkgJson({ dependencies: { debug: "^4", resolve: "^1.22.0" }, devDependencies: { "supports-color": "^8", ms: "^2" } });
    const r = parseYarnLock(buf(berry), "/yarn.lock", new Map([manifestBerry]));
    assert.deepEqual(devMap(r.packages), { ...issueShape, "resolve@1.22.8": false });
  });
});

describe("yarn resolutions", () => {
  it("berry: a descriptor rewritten by the root's `resolutions` reaches the entry it was resolved to", () => {
    const berry = [
      "__metadata:",
      "  version: 8",
      '"app@workspace:.":',
      "  version: 0.0.0-use.local",
      '  resolution: "app@workspace:."',
      "  dependencies:",
      '    "@types/jest": "npm:^29"',
      '    undici: "npm:^6"',
      '"@types/jest@npm:^29":',
      "  version: 29.5.0",
      '  resolution: "@types/jest@npm:29.5.0"',
      "  dependencies:",
      '    "@types/node": "npm:*"',
      '"@types/node@npm:18.x":',
      "  version: 18.19.0",
      '  resolution: "@types/node@npm:18.19.0"',
      '"@types/node@npm:20.0.0":',
      "  version: 20.0.0",
      '  resolution: "@types/node@npm:20.0.0"',
      '"undici@npm:^6":',
      "  version: 6.0.0",
      '  resolution: "undici@npm:6.0.0"',
      "  dependencies:",
      '    "@types/node": "npm:>=18"',
    ];
    const manifest = pkgJson({ devDependencies: { "@types/jest": "^29", undici: "^6" }, resolutions: { "@types/node": "18.x" } });
    const r = parseYarnLock(buf(berry), "/yarn.lock", new Map([manifest]));
    // @types/node 18 is reached (through dev packages only) by the override; 20.0.0 by nothing (prod, unreached).
    assert.deepEqual(devMap(r.packages), { "@types/jest@29.5.0": true, "@types/node@18.19.0": true, "@types/node@20.0.0": false, "undici@6.0.0": true });
  });
});

describe("uv.lock", () => {
  it("dependency groups: anyio is needed by a prod package (prod), iniconfig only under pytest (dev); extras are prod", () => {
    const lock = [
      "version = 1",
      "[[package]]",
      'name = "app"',
      'version = "0.1.0"',
      'source = { editable = "." }',
      'dependencies = [{ name = "httpx" }]',
      "[package.optional-dependencies]",
      'socks = [{ name = "socksio" }]',
      "[package.dev-dependencies]",
      'dev = [{ name = "anyio" }, { name = "pytest" }]',
      "[[package]]",
      'name = "httpx"',
      'version = "0.27.0"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [{ name = "anyio" }]',
      "[[package]]",
      'name = "anyio"',
      'version = "4.4.0"',
      'source = { registry = "https://pypi.org/simple" }',
      "[[package]]",
      'name = "socksio"',
      'version = "1.0.0"',
      'source = { registry = "https://pypi.org/simple" }',
      "[[package]]",
      'name = "pytest"',
      'version = "8.2.0"',
      'source = { registry = "https://pypi.org/simple" }',
      'dependencies = [{ name = "iniconfig" }]',
      "[[package]]",
      'name = "iniconfig"',
      'version = "2.0.0"',
      'source = { git = "https://github.com/pytest-dev/iniconfig?rev=v2#93f5930e668c0d1ddf4597e38dd0dea4e2665e7a" }',
    ];
    const r = parseUvLock(buf(lock), "/uv.lock");
    assert.deepEqual(devMap(r.packages), {
      "app@0.1.0": undefined,
      "httpx@0.27.0": false,
      "anyio@4.4.0": false,
      "socksio@1.0.0": false,
      "pytest@8.2.0": true,
      "iniconfig@2.0.0": true,
    });
    const by = Object.fromEntries(r.packages.map((p) => [p.name, p.purl]));
    assert.equal(by.app, "pkg:pypi/app@0.1.0?download_url=file%3A.");
    assert.equal(by.iniconfig, "pkg:pypi/iniconfig@2.0.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fpytest-dev%2Finiconfig%4093f5930e668c0d1ddf4597e38dd0dea4e2665e7a");
  });
});

describe("Cargo.lock with Cargo.toml", () => {
  const lock = [
    "version = 3",
    "[[package]]",
    'name = "app"',
    'version = "0.1.0"',
    'dependencies = ["criterion", "memchr", "regex", "tool"]',
    "[[package]]",
    'name = "regex"',
    'version = "1.10.0"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    'dependencies = ["memchr"]',
    "[[package]]",
    'name = "memchr"',
    'version = "2.7.4"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    "[[package]]",
    'name = "criterion"',
    'version = "0.5.1"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    'dependencies = ["plotters"]',
    "[[package]]",
    'name = "plotters"',
    'version = "0.3.5"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    "[[package]]",
    'name = "tool"',
    'version = "0.2.0"',
    'source = "git+https://github.com/u/tool?branch=main#0123456789abcdef0123456789abcdef01234567"',
  ];
  const toml = [
    "[package]",
    'name = "app"',
    "[dependencies]",
    'regex = "1"',
    "[target.'cfg(unix)'.build-dependencies]",
    'tool = { git = "https://github.com/u/tool" }',
    "[dev-dependencies]",
    'criterion = "0.5"',
    'memchr = "2"',
  ];

  it("dev-dependencies are dev edges; a crate a prod crate also needs is prod; git sources marked", () => {
    const r = parseCargoLock(buf(lock), "/Cargo.lock", new Map([["Cargo.toml", buf(toml)]]));
    assert.deepEqual(devMap(r.packages), {
      "app@0.1.0": undefined,
      "regex@1.10.0": false,
      "memchr@2.7.4": false,
      "criterion@0.5.1": true,
      "plotters@0.3.5": true,
      "tool@0.2.0": false,
    });
    assert.equal(r.packages.find((p) => p.name === "tool")?.purl, "pkg:cargo/tool@0.2.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fu%2Ftool%400123456789abcdef0123456789abcdef01234567");
  });

  it("workspace members by `[workspace] members`; without Cargo.toml nothing is dev", () => {
    const virtual = buf(['[workspace]', 'members = ["crates/*"]']);
    const r = parseCargoLock(buf(lock), "/Cargo.lock", new Map([["Cargo.toml", virtual], ["crates/app/Cargo.toml", buf(toml)]]));
    assert.equal(devMap(r.packages)["criterion@0.5.1"], true);
    assert.ok(parseCargoLock(buf(lock), "/Cargo.lock").packages.every((p) => p.dev !== true));
  });

  it("a dependency inherited from [workspace.dependencies] under another name is its package", () => {
    const root = buf(["[workspace]", 'members = ["app"]', "[workspace.dependencies]", 'bench = { package = "criterion", version = "0.5" }']);
    const member = buf(["[package]", 'name = "app"', "[dependencies]", 'regex = "1"', 'tool = "0.2"', 'memchr = "2"', "[dev-dependencies]", "bench = { workspace = true }"]);
    const r = parseCargoLock(buf(lock), "/Cargo.lock", new Map([["Cargo.toml", root], ["app/Cargo.toml", member]]));
    assert.equal(devMap(r.packages)["criterion@0.5.1"], true);
    assert.equal(devMap(r.packages)["memchr@2.7.4"], false);
  });
});
