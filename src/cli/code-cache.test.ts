import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { codeCacheDir, createChunkLoader } from "./code-cache.js";

let root: string;
let chunks: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), "dredge-code-cache-"));
  chunks = join(root, "bundle");
  mkdirSync(chunks);
  // Two chunks as scripts/bundle.mjs writes them: one requires the other and a module of Node's.
  writeFileSync(join(chunks, "shared.cjs"), 'exports.twice = (x) => x * 2;\nexports.file = __filename;\n');
  writeFileSync(join(chunks, "main.cjs"), 'const { twice } = require("./shared.cjs");\nconst { basename } = require("node:path");\nmodule.exports = { answer: twice(21), name: basename(__filename), self: module.exports === exports };\n');
});
after(() => rmSync(root, { recursive: true, force: true }));

const entry = () => join(chunks, "main.cjs");

/**
 * A new process loads the chunks with the cache in `dir` and writes what was missing: its answer and how many
 * caches it wrote. (Within one process V8's own compilation cache would answer, not the files.)
 */
function run(dir: string): { answer: number; written: number } {
  const script = `import { createChunkLoader } from ${JSON.stringify(join(import.meta.dirname, "code-cache.ts"))};
const l = createChunkLoader(${JSON.stringify(dir)});
const answer = l.load(${JSON.stringify(entry())}).answer;
console.log(JSON.stringify({ answer, written: l.flush() }));`;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" })) as { answer: number; written: number };
}
const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8cache")).sort();

describe("the code cache of the bundle's chunks", () => {
  it("loads CommonJS chunks with Node's wrapper arguments, each once", () => {
    const loader = createChunkLoader(undefined);
    const m = loader.load(entry());
    assert.deepEqual(m, { answer: 42, name: "main.cjs", self: true });
    assert.equal(loader.load(join(chunks, "shared.cjs")).file, join(chunks, "shared.cjs"));
    assert.equal(loader.load(entry()), m, "the same exports the second time");
    assert.equal(loader.flush(), 0, "no cache directory: nothing written");
  });

  it("writes each chunk's cache once, private to the user, and uses it in the next process", () => {
    const dir = join(root, "cache1", "code");
    mkdirSync(join(root, "cache1"));
    const first = createChunkLoader(dir);
    assert.equal(first.load(entry()).answer, 42);
    assert.equal(first.flush(), 2);
    assert.equal(first.flush(), 0, "written once");
    assert.deepEqual(files(dir).map((f) => f.split(".")[0]), ["main", "shared"]);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const f of files(dir)) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
    assert.deepEqual(run(dir), { answer: 42, written: 0 }, "V8 accepted both caches: nothing to write again");
  });

  it("a cache V8 rejects is ignored and written again", () => {
    const dir = join(root, "cache2", "code");
    mkdirSync(join(root, "cache2"));
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    for (const f of files(dir)) writeFileSync(join(dir, f), Buffer.alloc(64, 7), { mode: 0o600 });
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    assert.deepEqual(run(dir), { answer: 42, written: 0 });
  });

  it("a changed chunk gets a cache of its own, and the old one goes", () => {
    const dir = join(root, "cache3", "code");
    mkdirSync(join(root, "cache3"));
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    const before = files(dir);
    // The same length: V8 itself would take the old cache for it (it checks only the length of the text).
    writeFileSync(join(chunks, "shared.cjs"), 'exports.twice = (x) => x + x;\nexports.file = __filename;\n');
    try {
      assert.deepEqual(run(dir), { answer: 42, written: 1 });
      const now = files(dir);
      assert.equal(now.length, 2);
      assert.equal(now.filter((f) => before.includes(f)).length, 1, "main's cache kept, shared's replaced");
    } finally {
      writeFileSync(join(chunks, "shared.cjs"), 'exports.twice = (x) => x * 2;\nexports.file = __filename;\n');
    }
  });

  it("creates no cache directory whose parent is missing", () => {
    const dir = join(root, "missing", "code");
    const loader = createChunkLoader(dir);
    loader.load(entry());
    assert.equal(loader.flush(), 0);
    assert.throws(() => statSync(join(root, "missing")));
  });

  it("neither reads nor writes a directory others may write", { skip: process.getuid === undefined }, () => {
    const dir = join(root, "cache4", "code");
    mkdirSync(dir, { recursive: true });
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    chmodSync(dir, 0o777);
    assert.deepEqual(run(dir), { answer: 42, written: 0 }, "nothing written");
    chmodSync(dir, 0o700);
    for (const f of files(dir)) chmodSync(join(dir, f), 0o666);
    assert.deepEqual(run(dir), { answer: 42, written: 2 }, "a cache file others may write is not read: written again");
  });
});

describe("codeCacheDir: CACHE_DIR/code as the command resolves CACHE_DIR", () => {
  const argv = (...args: string[]) => ["node", "dredge", ...args];
  let home: string;
  before(() => {
    home = process.cwd();
    process.chdir(root);
  });
  after(() => process.chdir(home));
  it("--cache-dir (either form, the last one), then DREDGE_CACHE_DIR, then the default", () => {
    assert.equal(codeCacheDir(argv("image", "x", "--cache-dir", "c1"), {}), resolve("c1", "code"));
    assert.equal(codeCacheDir(argv("--cache-dir=c1", "image", "--cache-dir=/c2"), { DREDGE_CACHE_DIR: "/e" }), "/c2/code");
    assert.equal(codeCacheDir(argv("image", "x"), { DREDGE_CACHE_DIR: "/e" }), "/e/code");
    assert.equal(codeCacheDir(argv("image", "x"), { XDG_CACHE_HOME: "/xdg" }), "/xdg/dredge/code");
    assert.equal(codeCacheDir(argv("image", "--", "--cache-dir", "c1"), { DREDGE_CACHE_DIR: "/e" }), "/e/code", "after -- it is an operand");
  });

  it("none when a config file may name the cache dir, or when compile caches are turned off", () => {
    assert.equal(codeCacheDir(argv("-c", "my.yaml", "image", "x"), {}), undefined);
    assert.equal(codeCacheDir(argv("--config=my.yaml", "image", "x"), {}), undefined);
    assert.equal(codeCacheDir(argv("image", "x"), { DREDGE_CONFIG: "my.yaml" }), undefined);
    assert.equal(codeCacheDir(argv("-c", "my.yaml", "image", "--cache-dir", "/c"), {}), "/c/code", "the flag wins over the file");
    assert.equal(codeCacheDir(argv("image", "--cache-dir", "/c"), { NODE_DISABLE_COMPILE_CACHE: "1" }), undefined);
    writeFileSync(join(root, "dredge.yaml"), "quiet: true\n");
    try {
      assert.equal(codeCacheDir(argv("image", "x"), {}), undefined);
    } finally {
      rmSync(join(root, "dredge.yaml"));
    }
  });
});
