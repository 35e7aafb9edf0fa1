/**
 * The walker for a root filesystem or project directory on disk: the same LayerEvents as a layer tar, with
 * paths absolute from `root`. Uses lstat only and never follows a symlink; `content` is opened lazily.
 * Directory listing, lstat and small files use synchronous calls: on a local disk they take microseconds,
 * while the async versions each wait for a thread-pool hand-off (most of a rootfs walk's time was idle).
 */
import { createReadStream, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { realpath } from "node:fs/promises";
import type { Stats } from "node:fs";
import { Readable } from "node:stream";
import { join } from "node:path";
import { DredgeError, errorMessage } from "../errors.js";
import type { Logger } from "../util/log.js";
import { layerChunkSize } from "./decompress.js";
import { joinPath } from "./safe-path.js";
import { defaultWalkLimits, type FileInfo, type FileType, type LayerEvent, type WalkLimits } from "./types.js";

export interface DirWalkOptions {
  logger: Logger;
  limits?: WalkLimits;
  /** Image-style path (`/usr/src/app/node_modules`); true skips it and, for a directory, its contents. */
  skip?: (path: string, isDir: boolean) => boolean;
}

/** Files up to this size are read in one synchronous call when an analyzer asks for them. */
const SYNC_READ_MAX = 4 * 1024 * 1024;

/** Directories of a live system whose contents are not files (only when walking `/`). */
const pseudoDirs = new Set(["/proc", "/sys", "/dev"]);

export async function* walkDirectory(root: string, options: DirWalkOptions): AsyncGenerator<LayerEvent> {
  const base = await realRoot(root);
  const limits = options.limits ?? defaultWalkLimits;
  const isSystemRoot = base === "/";
  const budget = { entries: 0, bytes: 0 };
  const stack: string[] = ["/"];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const names = listDir(join(base, dir), dir, options.logger);
    const subdirs: string[] = [];
    for (const name of names) {
      const path = joinPath(dir, name);
      const event = entryEvent(base, path, options.logger);
      if (!event || options.skip?.(path, event.info.type === "dir")) continue;
      charge(budget, event.info.size, limits, root);
      if (event.info.type === "dir" && !(isSystemRoot && pseudoDirs.has(event.info.path))) subdirs.push(event.info.path);
      yield event;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

async function realRoot(root: string): Promise<string> {
  try {
    const real = await realpath(root);
    if (!lstatSync(real).isDirectory()) throw new Error("not a directory");
    return real;
  } catch (err) {
    throw new DredgeError("IO_ERROR", `${root}: cannot read the directory (${errorMessage(err)})`, { cause: err });
  }
}

function listDir(abs: string, path: string, logger: Logger): string[] {
  try {
    return readdirSync(abs).sort();
  } catch (err) {
    logger.warn("skipped an unreadable directory", { path, error: errorMessage(err) });
    return [];
  }
}

function charge(budget: { entries: number; bytes: number }, size: number, limits: WalkLimits, root: string): void {
  budget.entries++;
  budget.bytes += size;
  if (budget.entries > limits.maxEntries) {
    throw new DredgeError("LIMIT_EXCEEDED", `${root}: more than ${limits.maxEntries} entries (limit maxEntries)`);
  }
  if (budget.bytes > limits.maxLayerBytes) {
    throw new DredgeError("LIMIT_EXCEEDED", `${root}: more than ${limits.maxLayerBytes} bytes of files (limit maxLayerBytes)`);
  }
}

type EntryEvent = Extract<LayerEvent, { kind: "entry" }>;

function entryEvent(base: string, path: string, logger: Logger): EntryEvent | undefined {
  const abs = join(base, path);
  let st: Stats;
  try {
    st = lstatSync(abs);
  } catch (err) {
    logger.warn("skipped an unreadable file", { path, error: errorMessage(err) });
    return undefined;
  }
  const type = fileType(st);
  if (type === undefined) {
    logger.debug("skipped a socket or unknown file type", { path });
    return undefined;
  }
  if (type === "file" && !readable(st)) {
    logger.warn("skipped an unreadable file", { path, error: "permission denied" });
    return undefined;
  }
  const info: FileInfo = {
    path,
    type,
    size: type === "file" ? st.size : 0,
    mode: st.mode & 0o7777,
    uid: st.uid,
    gid: st.gid,
    mtime: Math.floor(st.mtimeMs / 1000),
  };
  if (type === "symlink") {
    try {
      info.linkname = readlinkSync(abs);
    } catch (err) {
      logger.warn("skipped an unreadable symlink", { path, error: errorMessage(err) });
      return undefined;
    }
  }
  const event: EntryEvent = { kind: "entry", info };
  if (type === "file") {
    let stream: Readable | undefined;
    Object.defineProperty(event, "content", {
      get: () => (stream ??= info.size <= SYNC_READ_MAX ? readWhole(abs, path) : openContent(abs, path)),
      enumerable: true,
      configurable: true,
    });
  }
  return event;
}

/** A small file as a one-chunk stream; a read error surfaces as the stream's error, like openContent's. */
function readWhole(abs: string, path: string): Readable {
  try {
    return Readable.from([readFileSync(abs)], { objectMode: false });
  } catch (err) {
    const r = new Readable({ read() {} });
    r.on("error", () => undefined);
    process.nextTick(() => r.destroy(ioError(path, err as Error)));
    return r;
  }
}

function openContent(abs: string, path: string): Readable {
  const s = createReadStream(abs, { highWaterMark: layerChunkSize });
  s.on("error", () => undefined); // re-emitted below as a DredgeError
  const orig = s.destroy.bind(s);
  s.destroy = (err?: Error) => orig(err && !(err instanceof DredgeError) ? ioError(path, err) : err);
  return s;
}

function ioError(path: string, err: Error): DredgeError {
  return new DredgeError("IO_ERROR", `${path}: cannot read the file (${err.message})`, { cause: err });
}

function fileType(st: Stats): FileType | undefined {
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isSymbolicLink()) return "symlink";
  if (st.isCharacterDevice()) return "char";
  if (st.isBlockDevice()) return "block";
  if (st.isFIFO()) return "fifo";
  return undefined;
}

const uid = process.getuid?.() ?? 0;
const gids = new Set(process.getgroups?.() ?? []);

/** Whether this process may read the file, from its mode (root reads everything). */
function readable(st: Stats): boolean {
  if (uid === 0) return true;
  if (st.uid === uid) return (st.mode & 0o400) !== 0;
  if (gids.has(st.gid)) return (st.mode & 0o040) !== 0;
  return (st.mode & 0o004) !== 0;
}
