/**
 * V8's code cache for the bundled CLI on Node versions without `module.enableCompileCache()` (Node < 22.1).
 *
 * The bundle's chunks are CommonJS files (scripts/bundle.mjs). `createChunkLoader` loads them the way Node's
 * CommonJS loader does (the same five wrapper arguments), but compiles each through `vm.Script` with the
 * bytecode V8 produced for it in an earlier run: a warm run then skips parsing and compiling most of the
 * command's code. The cache of a chunk is written at the end of the first run that had none (so it holds the
 * functions that run compiled, not only the top level), named by the SHA-256 of the chunk's text, Node's
 * version and the architecture; V8 refuses bytecode of another V8 version or made with other V8 flags
 * (`cachedDataRejected`), and such a file is then written again.
 *
 * The cache is bytecode that V8 runs as it is: it lives only in a directory that the current user owns and
 * nobody else may write (checked before every read and write, docs/security.md). Any failure to read or
 * write it is silent: the chunk is then compiled from its text, as without a cache.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, constants, type Stats } from "node:fs";
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
  /** COMMAND.CHUNK: the start of its cache file's name. */
  name: string;
  key: string;
}

const WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n})"] as const;
const SUFFIX = ".v8cache";

/**
 * A loader for the chunks of one bundle. `site`: the code cache (its directory created, mode 0700, only when
 * its parent exists); undefined: no cache, chunks are compiled from their text.
 */
export function createChunkLoader(site: CodeCacheSite | undefined): ChunkLoader {
  const modules = new Map<string, { exports: Exports }>();
  const pending: Pending[] = [];
  const dir = site?.dir;
  const readable = dir !== undefined && privateDir(dir, false);
  const prefix = `${site?.command ?? ""}.`;

  const load = (file: string): Exports => {
    const known = modules.get(file);
    if (known) return known.exports;
    const bytes = readFileSync(file);
    const key = dir === undefined ? "" : cacheKey(bytes);
    const source = bytes.toString("utf8");
    const cachedData = readable ? readCache(dir!, prefix + basename(file), key) : undefined;
    const script = new Script(WRAPPER[0] + source + WRAPPER[1], { filename: file, ...(cachedData ? { cachedData } : {}) });
    if (site?.write && (!cachedData || script.cachedDataRejected)) pending.push({ script, name: prefix + basename(file), key });
    const module = { exports: {} as Exports, id: file, filename: file, loaded: false };
    modules.set(file, module);
    const fn = script.runInThisContext() as (e: Exports, r: NodeJS.Require, m: typeof module, f: string, d: string) => void;
    fn.call(module.exports, module.exports, chunkRequire(file, load), module, file, dirname(file));
    module.loaded = true;
    return module.exports;
  };

  const flush = (): number => {
    let written = 0;
    if (dir === undefined || !privateDir(dir, true)) return 0;
    for (const p of pending.splice(0)) if (writeCache(dir, p.name, p.key, p.script.createCachedData())) written++;
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

/** The text, Node's version and the architecture: V8 checks its own version and flags, but of the text only its length. */
function cacheKey(source: Buffer): string {
  return createHash("sha256").update(source).update(`\0${process.version}\0${process.arch}`).digest("hex").slice(0, 40);
}

const cacheName = (name: string, key: string): string => `${name}.${key}${SUFFIX}`;

/** The cache of `file` when there is one, a regular file of ours that nobody else may write. */
function readCache(dir: string, name: string, key: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(dir, cacheName(name, key)), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedPrivately(st)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Written to a temp name then renamed, so a reader sees a whole file or none; older caches of the file go. */
function writeCache(dir: string, name: string, key: string, data: Buffer): boolean {
  const file = cacheName(name, key);
  const tmp = join(dir, `.${file}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, data, { mode: 0o600, flag: "wx" });
    renameSync(tmp, join(dir, file));
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
  try {
    for (const other of readdirSync(dir)) if (other !== file && other.startsWith(`${name}.`) && other.endsWith(SUFFIX)) rmSync(join(dir, other), { force: true });
  } catch {
    // Old caches are only space.
  }
  return true;
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
