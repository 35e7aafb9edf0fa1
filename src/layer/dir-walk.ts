/**
 * The walker for a root filesystem or project directory on disk: the same LayerEvents as a layer tar, with
 * paths absolute from `root`. Uses lstat only and never follows a symlink; `content` is opened lazily.
 */
import { createReadStream } from "node:fs";
import { lstat, readdir, readlink, realpath } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { Readable } from "node:stream";
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
  skip?: (path: string) => boolean;
}

const STAT_BATCH = 64;

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
    const names = await listDir(join(base, dir), dir, options.logger);
    const subdirs: string[] = [];
    const paths = names.map((name) => joinPath(dir, name)).filter((path) => !options.skip?.(path));
    // Stat a directory's entries in parallel batches (one await per entry leaves the disk idle); content
    // streams open lazily, so batching opens no files.
    for (let i = 0; i < paths.length; i += STAT_BATCH) {
      const events = await Promise.all(paths.slice(i, i + STAT_BATCH).map((path) => entryEvent(base, path, options.logger)));
      for (const event of events) {
        if (!event) continue;
        charge(budget, event.info.size, limits, root);
        if (event.info.type === "dir" && !(isSystemRoot && pseudoDirs.has(event.info.path))) subdirs.push(event.info.path);
        yield event;
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

async function realRoot(root: string): Promise<string> {
  try {
    const real = await realpath(root);
    if (!(await lstat(real)).isDirectory()) throw new Error("not a directory");
    return real;
  } catch (err) {
    throw new DredgeError("IO_ERROR", `${root}: cannot read the directory (${errorMessage(err)})`, { cause: err });
  }
}

async function listDir(abs: string, path: string, logger: Logger): Promise<string[]> {
  try {
    return (await readdir(abs)).sort();
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

async function entryEvent(base: string, path: string, logger: Logger): Promise<EntryEvent | undefined> {
  const abs = join(base, path);
  let st: Stats;
  try {
    st = await lstat(abs);
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
      info.linkname = await readlink(abs);
    } catch (err) {
      logger.warn("skipped an unreadable symlink", { path, error: errorMessage(err) });
      return undefined;
    }
  }
  const event: EntryEvent = { kind: "entry", info };
  if (type === "file") {
    let stream: Readable | undefined;
    Object.defineProperty(event, "content", {
      get: () => (stream ??= openContent(abs, path)),
      enumerable: true,
      configurable: true,
    });
  }
  return event;
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
