/** What the layer walker yields. Paths are absolute and normalised: `/etc/os-release`, never `..`. */
import type { Readable } from "node:stream";

export type FileType = "file" | "dir" | "symlink" | "hardlink" | "char" | "block" | "fifo";

export interface FileInfo {
  /** Absolute, normalised path inside the image root (`/usr/bin/env`). */
  path: string;
  type: FileType;
  /** Bytes of content (regular files; 0 otherwise). */
  size: number;
  /** Permission bits including setuid/setgid/sticky (e.g. 0o4755). */
  mode: number;
  uid: number;
  gid: number;
  /** Modification time, seconds since the epoch. */
  mtime?: number;
  /** symlink: the target as stored; hardlink: the absolute normalised path it links to. */
  linkname?: string;
}

export type LayerEvent =
  /** A file, directory or link. For regular files `content` must be consumed or drained before the next event. */
  | { kind: "entry"; info: FileInfo; content?: Readable }
  /** `.wh.NAME`: `path` (absolute) is deleted from lower layers. */
  | { kind: "whiteout"; path: string }
  /** `.wh..wh..opq`: the lower layers' contents of directory `path` are hidden. */
  | { kind: "opaque"; path: string };

export interface WalkLimits {
  /** Total uncompressed bytes of one layer (tar bomb guard). */
  maxLayerBytes: number;
  /** Entries in one layer. */
  maxEntries: number;
}

export const defaultWalkLimits: WalkLimits = {
  maxLayerBytes: 32 * 1024 ** 3,
  maxEntries: 5_000_000,
};
