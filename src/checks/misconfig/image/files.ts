/** The final file list the image rules take, from the merged tree (artifact/merge.ts buildTree). */
import type { FileInfo } from "../../../layer/types.js";
import type { ImageFileEntry } from "./types.js";

/** Entries of `FileTree.files()`; directories no layer declared (implicit parents) are left out. */
export function imageFileEntries(entries: Iterable<{ info: FileInfo; layer: number; implicit?: boolean }>): ImageFileEntry[] {
  const out: ImageFileEntry[] = [];
  for (const e of entries) {
    if (e.implicit) continue;
    out.push({ path: e.info.path, type: e.info.type, mode: e.info.mode, size: e.info.size, layerIndex: e.layer });
  }
  return out;
}
