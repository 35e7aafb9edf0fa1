/**
 * Column store of a file tree: one slot per node in typed arrays (about 40 bytes a node plus its name), so a
 * tree of a million entries stays small. Node 0 is the root directory. Removed nodes are unlinked and their
 * slot marked free; slots are not reused.
 */
import type { FileInfo, FileType } from "./types.js";

export const fileTypes: readonly FileType[] = ["file", "dir", "symlink", "hardlink", "char", "block", "fifo"];
const typeCode = new Map<FileType, number>(fileTypes.map((t, i) => [t, i + 1]));

/** Type code 0 marks a free slot. */
const FREE = 0;
const DIR = typeCode.get("dir")!;
/** Set on directories that no layer declared (created as the parent of an entry). */
const IMPLICIT = 0x80;

export class TreeStore {
  private capacity = 0;
  count = 0;
  names: string[] = [];
  parent = new Int32Array(0);
  kind = new Uint8Array(0);
  mode = new Uint16Array(0);
  uid = new Uint32Array(0);
  gid = new Uint32Array(0);
  size = new Float64Array(0);
  mtime = new Float64Array(0);
  layer = new Int32Array(0);
  children: (Map<string, number> | undefined)[] = [];
  links = new Map<number, string>();

  constructor() {
    this.add(-1, "", -1);
    this.kind[0] = DIR | IMPLICIT;
    this.mode[0] = 0o755;
  }

  /** Adds an implicit directory (or a node to be set) under `parent`; returns its id. */
  add(parent: number, name: string, layer: number): number {
    if (this.count === this.capacity) this.grow();
    const id = this.count++;
    this.names[id] = name;
    this.parent[id] = parent;
    this.kind[id] = DIR | IMPLICIT;
    this.mode[id] = 0o755;
    this.uid[id] = 0;
    this.gid[id] = 0;
    this.size[id] = 0;
    this.mtime[id] = Number.NaN;
    this.layer[id] = layer;
    if (parent >= 0) {
      let kids = this.children[parent];
      if (!kids) this.children[parent] = kids = new Map();
      kids.set(name, id);
    }
    return id;
  }

  set(id: number, info: FileInfo, layer: number): void {
    this.kind[id] = typeCode.get(info.type)!;
    this.mode[id] = info.mode & 0o7777;
    this.uid[id] = info.uid >>> 0;
    this.gid[id] = info.gid >>> 0;
    this.size[id] = info.size;
    this.mtime[id] = info.mtime ?? Number.NaN;
    this.layer[id] = layer;
    if (info.linkname !== undefined) this.links.set(id, info.linkname);
    else this.links.delete(id);
    if (info.type !== "dir") this.children[id] = undefined;
  }

  child(dir: number, name: string): number | undefined {
    return this.children[dir]?.get(name);
  }

  isDir(id: number): boolean {
    return (this.kind[id]! & 0x7f) === DIR;
  }

  isImplicit(id: number): boolean {
    return (this.kind[id]! & IMPLICIT) !== 0;
  }

  type(id: number): FileType {
    return fileTypes[(this.kind[id]! & 0x7f) - 1]!;
  }

  /** Unlinks a node and frees its whole subtree; returns how many nodes were freed. */
  remove(id: number): number {
    let freed = 0;
    const p = this.parent[id]!;
    if (p >= 0) this.children[p]?.delete(this.names[id]!);
    const stack = [id];
    while (stack.length > 0) {
      const n = stack.pop()!;
      const kids = this.children[n];
      if (kids) for (const k of kids.values()) stack.push(k);
      this.children[n] = undefined;
      this.kind[n] = FREE;
      this.links.delete(n);
      freed++;
    }
    return freed;
  }

  path(id: number): string {
    if (id === 0) return "/";
    const parts: string[] = [];
    for (let n = id; n > 0; n = this.parent[n]!) parts.push(this.names[n]!);
    return `/${parts.reverse().join("/")}`;
  }

  info(id: number, path = this.path(id)): FileInfo {
    const info: FileInfo = {
      path,
      type: this.type(id),
      size: this.size[id]!,
      mode: this.mode[id]!,
      uid: this.uid[id]!,
      gid: this.gid[id]!,
    };
    const mtime = this.mtime[id]!;
    if (!Number.isNaN(mtime)) info.mtime = mtime;
    const link = this.links.get(id);
    if (link !== undefined) info.linkname = link;
    return info;
  }

  private grow(): void {
    const cap = Math.max(1024, this.capacity * 2);
    this.parent = grown(this.parent, new Int32Array(cap));
    this.kind = grown(this.kind, new Uint8Array(cap));
    this.mode = grown(this.mode, new Uint16Array(cap));
    this.uid = grown(this.uid, new Uint32Array(cap));
    this.gid = grown(this.gid, new Uint32Array(cap));
    this.size = grown(this.size, new Float64Array(cap));
    this.mtime = grown(this.mtime, new Float64Array(cap));
    this.layer = grown(this.layer, new Int32Array(cap));
    this.capacity = cap;
  }
}

function grown<T extends { set(a: ArrayLike<number>): void }>(old: T & ArrayLike<number>, next: T): T {
  next.set(old);
  return next;
}
