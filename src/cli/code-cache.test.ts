import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { codeCacheSite, createChunkLoader, type CodeCacheSite } from "./code-cache.js";

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
const site = (dir: string, command = "image", write = true): CodeCacheSite => ({ dir, command, write });

function run(dir: string, command = "image", write = true): { answer: number; written: number } {
  const script = `import { createChunkLoader } from ${JSON.stringify(join(import.meta.dirname, "code-cache.ts"))};
const l = createChunkLoader(${JSON.stringify(site(dir, command, write))});
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
    const first = createChunkLoader(site(dir));
    assert.equal(first.load(entry()).answer, 42);
    assert.equal(first.flush(), 2);
    assert.equal(first.flush(), 0, "written once");
    assert.deepEqual(files(dir).map((f) => f.split(".").slice(0, 2).join(".")), ["image.main", "image.shared"]);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const f of files(dir)) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600);
    assert.deepEqual(run(dir), { answer: 42, written: 0 }, "V8 accepted both caches: nothing to write again");
  });

  it("a cache V8 rejects is ignored and written again", () => {
    const dir = join(root, "cache2", "code");
    mkdirSync(join(root, "cache2"));
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    for (const f of files(dir)) {
      // Keep the header and the copy of the chunk; spoil V8's data after them.
      const bytes = readFileSync(join(dir, f));
      const header = bytes.indexOf("\n") + 1 + 4;
      writeFileSync(join(dir, f), bytes.fill(7, header + bytes.readUInt32LE(header - 4)));
    }
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    assert.deepEqual(run(dir), { answer: 42, written: 0 });
    for (const f of files(dir)) writeFileSync(join(dir, f), Buffer.alloc(64, 7));
    assert.deepEqual(run(dir), { answer: 42, written: 2 }, "not a cache file at all");
  });

  it("a changed chunk's cache is written again; caches of chunks no longer in the bundle go", () => {
    const dir = join(root, "cache3", "code");
    mkdirSync(join(root, "cache3"));
    assert.deepEqual(run(dir), { answer: 42, written: 2 });
    const main = readFileSync(join(dir, "image.main.cjs.v8cache"));
    writeFileSync(join(dir, "image.chunk-GONE.cjs.v8cache"), "old", { mode: 0o600 });
    writeFileSync(join(dir, "sbom.chunk-GONE.cjs.v8cache"), "old", { mode: 0o600 });
    // The same length: V8 itself would take the old cache for it (it checks only the length of the text).
    writeFileSync(join(chunks, "shared.cjs"), 'exports.twice = (x) => x + x;\nexports.file = __filename;\n');
    try {
      assert.deepEqual(run(dir), { answer: 42, written: 1 });
      assert.deepEqual(files(dir), ["image.main.cjs.v8cache", "image.shared.cjs.v8cache", "sbom.chunk-GONE.cjs.v8cache"], "another command's are its own");
      assert.deepEqual(readFileSync(join(dir, "image.main.cjs.v8cache")), main, "main's cache kept");
    } finally {
      writeFileSync(join(chunks, "shared.cjs"), 'exports.twice = (x) => x * 2;\nexports.file = __filename;\n');
    }
  });

  it("creates no cache directory whose parent is missing", () => {
    const dir = join(root, "missing", "code");
    const loader = createChunkLoader(site(dir));
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

describe("each command keeps its own code cache; help and --version only read theirs", () => {
  it("another command writes its own files; a run that may not write reads", () => {
    const dir = join(root, "cache5", "code");
    mkdirSync(join(root, "cache5"));
    assert.deepEqual(run(dir, "image", false), { answer: 42, written: 0 }, "image --help writes nothing");
    assert.equal(existsSync(dir), false, "not even the directory");
    assert.deepEqual(run(dir, "image"), { answer: 42, written: 2 });
    assert.deepEqual(run(dir, "sbom"), { answer: 42, written: 2 }, "sbom does not take image's");
    assert.deepEqual(run(dir, "sbom"), { answer: 42, written: 0 });
    assert.equal(files(dir).length, 4);
  });
});

describe("codeCacheSite: CACHE_DIR/code as the command resolves CACHE_DIR, and the command", () => {
  const argv = (...args: string[]) => ["node", "dredge", ...args];
  const dirOf = (args: string[], env: NodeJS.ProcessEnv) => codeCacheSite(argv(...args), env)?.dir;
  let home: string;
  before(() => {
    home = process.cwd();
    process.chdir(root);
  });
  after(() => process.chdir(home));

  it("--cache-dir (either form, the last one), then DREDGE_CACHE_DIR, then the default", () => {
    assert.equal(dirOf(["image", "x", "--cache-dir", "c1"], {}), resolve("c1", "code"));
    assert.equal(dirOf(["--cache-dir=c1", "image", "--cache-dir=/c2"], { DREDGE_CACHE_DIR: "/e" }), "/c2/code");
    assert.equal(dirOf(["image", "x"], { DREDGE_CACHE_DIR: "/e" }), "/e/code");
    assert.equal(dirOf(["image", "x"], { XDG_CACHE_HOME: "/xdg" }), "/xdg/dredge/code");
    assert.equal(dirOf(["image", "--", "--cache-dir", "c1"], { DREDGE_CACHE_DIR: "/e" }), "/e/code", "after -- it is an operand");
  });

  it("none when a config file may name the cache dir, or when compile caches are turned off", () => {
    assert.equal(dirOf(["-c", "my.yaml", "image", "x"], {}), undefined);
    assert.equal(dirOf(["image", "x", "-c", "my.yaml"], {}), undefined);
    assert.equal(dirOf(["--config=my.yaml", "image", "x"], {}), undefined);
    assert.equal(dirOf(["image", "x"], { DREDGE_CONFIG: "my.yaml" }), undefined);
    assert.equal(dirOf(["-c", "my.yaml", "image", "--cache-dir", "/c"], {}), "/c/code", "the flag wins over the file");
    assert.equal(dirOf(["image", "--cache-dir", "/c"], { NODE_DISABLE_COMPILE_CACHE: "1" }), undefined);
    writeFileSync(join(root, "dredge.yaml"), "quiet: true\n");
    try {
      assert.equal(dirOf(["image", "x"], {}), undefined);
    } finally {
      rmSync(join(root, "dredge.yaml"));
    }
  });

  it("the command is the first operand after the global options and their values", () => {
    const env = { DREDGE_CACHE_DIR: "/e" };
    const site = (...args: string[]) => codeCacheSite(argv(...args), env);
    assert.deepEqual(site("--timeout", "5m", "-q", "--cache-dir", "/c", "image", "x"), { dir: "/c/code", command: "image", write: true });
    assert.deepEqual(site("db", "update"), { dir: "/e/code", command: "db", write: true });
    assert.deepEqual(site("image", "--help"), { dir: "/e/code", command: "image", write: false });
    assert.deepEqual(site("help", "image"), { dir: "/e/code", command: "help", write: false });
    assert.deepEqual(site("--version"), { dir: "/e/code", command: "dredge", write: false });
    assert.deepEqual(site("../x"), { dir: "/e/code", command: "other", write: true }, "never a path");
  });
});
