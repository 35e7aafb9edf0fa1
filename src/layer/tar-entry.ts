/** Turns one tar header into a LayerEvent (without content), or undefined with a warning when unsafe. */
import type { SkippedEntries } from "./skipped-entries.js";
import type { TarHeader } from "./tar-driver.js";
import { baseName, joinPath, maxEntryPathLength, normaliseEntryPath, parentPath } from "./safe-path.js";
import type { FileInfo, FileType, LayerEvent } from "./types.js";

const whiteoutPrefix = ".wh.";
const opaqueMarker = ".wh..wh..opq";

const typeMap: Record<string, FileType> = {
  file: "file",
  "contiguous-file": "file",
  link: "hardlink",
  symlink: "symlink",
  "character-device": "char",
  "block-device": "block",
  directory: "dir",
  fifo: "fifo",
};

/** Skipped entries are reported through `skipped` (the layer's summariser). */
export function headerToEvent(h: TarHeader, skipped: SkippedEntries): LayerEvent | undefined {
  const path = normaliseEntryPath(h.name);
  if (path === undefined) {
    skipped.skip("unsafe path", "skipped a tar entry whose path is unsafe", { path: printable(h.name) });
    return undefined;
  }
  const type = h.type ? typeMap[h.type] : undefined;
  if (type === undefined) {
    skipped.skip("unknown type", "skipped a tar entry of unknown type", { path, type: h.type ?? null });
    return undefined;
  }
  if (path === "/") {
    if (type !== "dir") skipped.skip("non-directory at the root", "skipped a non-directory entry at the image root", { type });
    return undefined;
  }
  const name = baseName(path);
  if (name.startsWith(whiteoutPrefix)) return whiteoutEvent(path, name, skipped);
  const info: FileInfo = {
    path,
    type,
    size: type === "file" ? (h.size ?? 0) : 0,
    mode: (h.mode ?? 0) & 0o7777,
    uid: h.uid ?? 0,
    gid: h.gid ?? 0,
  };
  if (h.mtime) info.mtime = Math.floor(h.mtime.getTime() / 1000);
  if (type === "symlink" || type === "hardlink") {
    const link = linkTarget(type, h.linkname ?? "", path, skipped);
    if (link === undefined) return undefined;
    info.linkname = link;
  }
  return { kind: "entry", info };
}

function whiteoutEvent(path: string, name: string, skipped: SkippedEntries): LayerEvent | undefined {
  const dir = parentPath(path);
  if (name === opaqueMarker) return { kind: "opaque", path: dir };
  const target = name.slice(whiteoutPrefix.length);
  if (target.startsWith(whiteoutPrefix)) {
    // AUFS metadata (.wh..wh.plnk, .wh..wh.aufs): not part of the image's files.
    skipped.debug("ignored an AUFS metadata entry", { path });
    return undefined;
  }
  if (target === "" || target === "." || target === "..") {
    skipped.skip("malformed whiteout", "skipped a malformed whiteout", { path });
    return undefined;
  }
  return { kind: "whiteout", path: joinPath(dir, target) };
}

function linkTarget(type: FileType, raw: string, path: string, skipped: SkippedEntries): string | undefined {
  if (raw.length === 0 || raw.length > maxEntryPathLength || raw.includes("\0")) {
    skipped.skip("invalid link target", "skipped a link with an empty or invalid target", { path });
    return undefined;
  }
  if (type === "symlink") return raw; // resolved later, inside the root only
  const target = normaliseEntryPath(raw);
  if (target === undefined || target === "/") {
    skipped.skip("hard link out of the root", "skipped a hard link whose target escapes the image root", { path, target: printable(raw) });
    return undefined;
  }
  return target;
}

/** Log-safe rendering of a hostile name (NUL bytes shown, length capped). */
function printable(name: string): string {
  const s = name.replace(/\0/g, "\\0");
  return s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s;
}
