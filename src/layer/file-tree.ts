/**
 * The final filesystem view of an image: layers applied bottom-up with OCI whiteout semantics. Pure and
 * synchronous (applyEvent per event, so it can follow a streaming walk).
 * - `.wh.NAME` and opaque markers hide only LOWER layers' files: entries of the same layer survive.
 * - A non-directory replacing a directory drops its subtree; a directory over a directory keeps its children.
 * - An entry below a symlinked parent is written through the link, resolved inside the root (as an
 *   extraction in a chroot would); a parent that is not a directory is replaced by a directory.
 */
import { resolveInTree, splitPath } from "./tree-resolve.js";
import { TreeStore } from "./tree-store.js";
import type { FileInfo, LayerEvent } from "./types.js";

export interface TreeEntry {
  info: FileInfo;
  /** Index of the layer that wrote this entry (for an implicit directory: the layer that created it). */
  layer: number;
  /** A directory no layer declared, created as the parent of an entry. */
  implicit?: boolean;
}

export class FileTree {
  private readonly s = new TreeStore();
  private live = 0;
  /**
   * The directory of the last regular file put, by its raw parent path: a layer lists the files of a
   * directory one after another, so most puts skip splitting the path and walking it again. Forgotten on
   * anything that may change what a path leads to (a removal, a whiteout, a non-file put or overwritten).
   */
  private lastDirPath: string | undefined;
  private lastDir = 0;

  /** Number of entries (the root excluded). */
  get size(): number {
    return this.live;
  }

  applyLayer(layerIndex: number, events: Iterable<LayerEvent>): void {
    for (const event of events) this.applyEvent(layerIndex, event);
  }

  async applyLayerStream(layerIndex: number, events: AsyncIterable<LayerEvent>): Promise<void> {
    for await (const event of events) this.applyEvent(layerIndex, event);
  }

  /** Layers must be applied in increasing index order. */
  applyEvent(layer: number, event: LayerEvent): void {
    if (event.kind === "entry") this.put(event.info, layer);
    else if (event.kind === "whiteout") this.whiteout(event.path, layer);
    else this.opaque(event.path, layer);
  }

  /** The entry at exactly this path (no link is followed). */
  get(path: string): TreeEntry | undefined {
    const id = this.lookup(path);
    return id === undefined ? undefined : this.entry(id);
  }

  /**
   * Follows symlinks and hard links (in every component and at the end) strictly inside the image root:
   * absolute targets are re-rooted, `..` stops at `/`, more than 40 links → undefined.
   */
  resolve(path: string): TreeEntry | undefined {
    const id = resolveInTree(this.s, path, true);
    return id === undefined ? undefined : this.entry(id);
  }

  /** Every entry of the final view, parents before children. */
  *files(): Generator<TreeEntry> {
    const stack: { id: number; path: string }[] = [{ id: 0, path: "/" }];
    while (stack.length > 0) {
      const { id, path } = stack.pop()!;
      if (id !== 0) yield this.entry(id, path);
      const kids = this.s.children[id];
      if (!kids) continue;
      const prefix = id === 0 ? "/" : `${path}/`;
      for (const [name, kid] of kids) stack.push({ id: kid, path: prefix + name });
    }
  }

  private entry(id: number, path?: string): TreeEntry {
    const e: TreeEntry = { info: this.s.info(id, path), layer: this.s.layer[id]! };
    if (this.s.isImplicit(id)) e.implicit = true;
    return e;
  }

  private lookup(path: string): number | undefined {
    let id = 0;
    for (const seg of splitPath(path)) {
      const next = this.s.child(id, seg);
      if (next === undefined) return undefined;
      id = next;
    }
    return id;
  }

  private put(info: FileInfo, layer: number): void {
    const path = info.path;
    const slash = path.lastIndexOf("/");
    const tail = path.slice(slash + 1);
    let dir: number;
    let name: string;
    if (slash > 0 && tail !== "" && tail !== "." && tail !== ".." && this.lastDirPath !== undefined && path.length > this.lastDirPath.length && path.startsWith(this.lastDirPath) && slash === this.lastDirPath.length) {
      dir = this.lastDir;
      name = tail;
    } else {
      const segs = splitPath(path);
      if (segs.length === 0) return;
      dir = 0;
      for (let i = 0; i < segs.length - 1; i++) dir = this.enterDir(dir, segs[i]!, layer);
      name = segs[segs.length - 1]!;
    }
    let id = this.s.child(dir, name);
    const plainFile = info.type === "file" && (id === undefined || this.s.type(id) === "file");
    if (id !== undefined && this.s.isDir(id) && info.type !== "dir") {
      this.drop(id);
      id = undefined;
    }
    if (id === undefined) {
      id = this.s.add(dir, name, layer);
      this.live++;
    }
    const stored = info.type === "hardlink" ? this.hardLinkInfo(info) : info;
    this.s.set(id, stored, layer);
    if (plainFile && slash > 0) {
      this.lastDirPath = path.slice(0, slash);
      this.lastDir = dir;
    } else this.lastDirPath = undefined;
  }

  /** A hard link takes the size of its target as it is when the link is written. */
  private hardLinkInfo(info: FileInfo): FileInfo {
    const target = info.linkname === undefined ? undefined : resolveInTree(this.s, info.linkname, true);
    if (target === undefined || this.s.type(target) !== "file") return info;
    return { ...info, size: this.s.size[target]! };
  }

  /** The directory for component `name` under `dir`, created or replaced as needed. */
  private enterDir(dir: number, name: string, layer: number): number {
    const id = this.s.child(dir, name);
    if (id === undefined) {
      this.live++;
      return this.s.add(dir, name, layer);
    }
    if (this.s.isDir(id)) return id;
    if (this.s.type(id) === "symlink") {
      const target = resolveInTree(this.s, this.s.path(id), true);
      if (target !== undefined && this.s.isDir(target)) return target;
    }
    this.drop(id);
    this.live++;
    return this.s.add(dir, name, layer);
  }

  private whiteout(path: string, layer: number): void {
    this.lastDirPath = undefined;
    const id = this.lookup(path);
    if (id !== undefined && id !== 0) this.hideLower(id, layer);
  }

  private opaque(path: string, layer: number): void {
    this.lastDirPath = undefined;
    const id = this.lookup(path);
    if (id !== undefined && this.s.isDir(id)) this.hideLowerChildren(id, layer);
  }

  /** Removes what lower layers put at `id`, keeping entries of `layer` (and the directories holding them). */
  private hideLower(id: number, layer: number): void {
    if (this.s.isDir(id)) this.hideLowerChildren(id, layer);
    if (this.s.layer[id]! >= layer) return;
    const kids = this.s.children[id];
    if (kids && kids.size > 0) return;
    this.drop(id);
  }

  private hideLowerChildren(dir: number, layer: number): void {
    const kids = this.s.children[dir];
    if (!kids) return;
    for (const kid of [...kids.values()]) this.hideLower(kid, layer);
  }

  private drop(id: number): void {
    this.lastDirPath = undefined;
    this.live -= this.s.remove(id);
  }
}
