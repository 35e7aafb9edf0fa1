/**
 * V8's code cache for the bundled CLI on Node versions without `module.enableCompileCache()` (Node < 22.1).
 *
 * The bundle's chunks are CommonJS files (scripts/bundle.mjs). `createChunkLoader` loads them the way Node's
 * CommonJS loader does (the same five wrapper arguments), but compiles each through `vm.Script` with the
 * bytecode V8 produced for it in an earlier run: a warm run then skips parsing and compiling most of the
 * command's code. The cache of a chunk is written at the end of the first run that had none (so it holds the
 * functions that run compiled, not only the top level), per command (CACHE_DIR/code/COMMAND.CHUNK.v8cache),
 * with a copy of the chunk's text: it is used only for that very text. V8 refuses bytecode of another V8
 * version or made with other V8 flags (`cachedDataRejected`), and the file is then written again.
 *
 * The cache is bytecode that V8 runs as it is: it lives only in a directory that the current user owns and
 * nobody else may write (checked before every read and write, docs/security.md). Any failure to read or
 * write it is silent: the chunk is then compiled from its text, as without a cache.
 */
import { closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, constants, type Stats } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { Script } from "node:vm";
import { findConfigFile } from "./config-location.js";
import { defaultCacheDir, globalSettings } from "./settings.js";

/** Where a run reads and writes its code cache. */
export interface CodeCacheSite {
  /** CACHE_DIR/code. */
  dir: string;
  /** The command's name (its first word): each command keeps the code its own runs compiled. */
  command: string;
  /** False for help and --version: they compile little of a command, so they read the cache but write none. */
  write: boolean;
}

/** Global options that take a value (the root program's, main.ts). */
const valued = new Set(["-c", "--config", ...globalSettings.filter((s) => s.flags.includes("<")).flatMap((s) => s.flags.split(/[ ,]+/).filter((f) => f.startsWith("-")))]);

/**
 * The code cache of a command line: CACHE_DIR/code, with CACHE_DIR as the command will resolve it
 * (--cache-dir on the command line, else $DREDGE_CACHE_DIR, else the default). Undefined (no code cache)
 * when a config file is in use without either (it may name another cache dir, and it is YAML: not read this
 * early) or when $NODE_DISABLE_COMPILE_CACHE is set (the variable that turns off Node's own compile cache).
 */
export function codeCacheSite(argv: readonly string[], env: NodeJS.ProcessEnv): CodeCacheSite | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const values = new Map<string, string | undefined>();
  let command: string | undefined;
  let write = true;
  const args = argv.slice(2);
  for (let i = 0; i < args.length && args[i] !== "--"; i++) {
    const a = args[i]!;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq < 0 ? a : a.slice(0, eq);
    if (flag === "--help" || flag === "-h" || flag === "--version" || flag === "-v") write = false;
    else if (command === undefined && valued.has(flag)) values.set(flag === "-c" ? "--config" : flag, eq < 0 ? args[++i] : a.slice(eq + 1));
    else if (flag === "--cache-dir" || flag === "--config" || flag === "-c") values.set(flag === "-c" ? "--config" : flag, eq < 0 ? args[++i] : a.slice(eq + 1));
    else if (command === undefined && !a.startsWith("-")) {
      command = /^[a-z][a-z-]{0,31}$/.test(a) ? a : "other";
      if (a === "help") write = false;
    }
  }
  const cacheDir = values.get("--cache-dir") || env.DREDGE_CACHE_DIR || (findConfigFile(values.get("--config"), env) === undefined ? defaultCacheDir(env) : undefined);
  return cacheDir ? { dir: resolve(cacheDir, "code"), command: command ?? "dredge", write } : undefined;
}

/** A loaded chunk: what its `module.exports` holds. */
type Exports = Record<string, unknown>;

export interface ChunkLoader {
  /** The chunk's exports (loaded once; its relative requires go through the same loader). */
  load(file: string): Exports;
  /** Writes the code cache of the chunks that had none; returns how many it wrote. */
  flush(): number;
}

interface Pending {
  script: Script;
  /** COMMAND.CHUNK: its cache file's name, without the suffix. */
  name: string;
  bytes: Buffer;
}

const WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n})"] as const;
const SUFFIX = ".v8cache";
/** A cache file: MAGIC, the chunk's length (u32 LE), the chunk's bytes, then V8's data. */
const MAGIC = Buffer.from("dredge-v8cache-1\n");
const HEADER = MAGIC.length + 4;
let tmpCount = 0;

/**
 * A loader for the chunks of one bundle. `site`: the code cache (its directory created, mode 0700, only when
 * its parent exists); undefined: no cache, chunks are compiled from their text.
 */
export function createChunkLoader(site: CodeCacheSite | undefined): ChunkLoader {
  const modules = new Map<string, { exports: Exports }>();
  const pending: Pending[] = [];
  const dirs = new Set<string>();
  const dir = site?.dir;
  const readable = dir !== undefined && privateDir(dir, false);
  const prefix = `${site?.command ?? ""}.`;

  const load = (file: string): Exports => {
    const known = modules.get(file);
    if (known) return known.exports;
    dirs.add(dirname(file));
    const bytes = readFileSync(file);
    const name = prefix + basename(file);
    const cachedData = readable ? readCache(dir!, name, bytes) : undefined;
    const script = new Script(WRAPPER[0] + bytes.toString("utf8") + WRAPPER[1], { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (site?.write && (!cachedData || script.cachedDataRejected)) pending.push({ script, name, bytes });
    const module = { exports: {} as Exports, id: file, filename: file, loaded: false };
    modules.set(file, module);
    const fn = script.runInThisContext() as (e: Exports, r: NodeJS.Require, m: typeof module, f: string, d: string) => void;
    fn.call(module.exports, module.exports, chunkRequire(file, load), module, file, dirname(file));
    module.loaded = true;
    return module.exports;
  };

  const flush = (): number => {
    let written = 0;
    if (dir === undefined || pending.length === 0 || !privateDir(dir, true)) return 0;
    for (const p of pending.splice(0)) if (writeCache(dir, p.name, p.bytes, p.script.createCachedData())) written++;
    removeStale(dir, prefix, [...dirs]);
    return written;
  };
  return { load, flush };
}

/** `require` for a chunk: another chunk of the bundle (`./NAME.cjs`) through the loader, anything else Node's. */
function chunkRequire(file: string, load: (file: string) => Exports): NodeJS.Require {
  const node = createRequire(file);
  const req = ((id: string) => (/^\.\/[\w.-]+\.cjs$/.test(id) ? load(join(dirname(file), id)) : node(id))) as NodeJS.Require;
  return Object.assign(req, { resolve: node.resolve, cache: node.cache, main: node.main, extensions: node.extensions });
}

/**
 * V8's data for the chunk `bytes` when the cache file `name` holds it: a regular file of ours that nobody
 * else may write, made for these very bytes (V8 itself checks its version and flags, but of the text only
 * its length: the file keeps the whole text, compared here).
 */
function readCache(dir: string, name: string, bytes: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(dir, name + SUFFIX), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedPrivately(st) || st.size <= HEADER + bytes.length) return undefined;
    const f = readFileSync(fd);
    const same = f.subarray(0, MAGIC.length).equals(MAGIC) && f.readUInt32LE(MAGIC.length) === bytes.length && f.subarray(HEADER, HEADER + bytes.length).equals(bytes);
    return same ? f.subarray(HEADER + bytes.length) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Written to a temp name then renamed over the chunk's old cache, so a reader sees a whole file or none. */
function writeCache(dir: string, name: string, bytes: Buffer, data: Buffer): boolean {
  const tmp = join(dir, `.${name}.${process.pid}-${Date.now()}-${tmpCount++}.tmp`);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length);
  try {
    writeFileSync(tmp, Buffer.concat([MAGIC, length, bytes, data]), { mode: 0o600, flag: "wx" });
    renameSync(tmp, join(dir, name + SUFFIX));
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

/** The command's caches of chunks no longer in the bundle (a new build names its chunks anew). */
function removeStale(dir: string, prefix: string, bundleDirs: readonly string[]): void {
  try {
    for (const f of readdirSync(dir)) {
      if (!f.startsWith(prefix) || !f.endsWith(SUFFIX)) continue;
      const chunk = f.slice(prefix.length, -SUFFIX.length);
      if (!bundleDirs.some((d) => existsSync(join(d, chunk)))) rmSync(join(dir, f), { force: true });
    }
  } catch {
    // Old caches are only space.
  }
}

/**
 * Whether `dir` is a directory (not a link) of the current user that nobody else may write; `create`: make it
 * (mode 0700) when its parent exists. Platforms without user ids (Windows) check only that it is a directory.
 */
export function privateDir(dir: string, create: boolean): boolean {
  try {
    if (create) {
      lstatSync(dirname(dir));
      mkdirSync(dir, { mode: 0o700 });
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") return false;
  }
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && ownedPrivately(st);
  } catch {
    return false;
  }
}

function ownedPrivately(st: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0);
}
