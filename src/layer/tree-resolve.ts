/** Path resolution inside a TreeStore: links are followed strictly within the image root. */
import type { TreeStore } from "./tree-store.js";

/** Links followed before giving up (Linux's MAXSYMLINKS). */
export const maxLinkHops = 40;

/** Non-empty segments of a path (`.` dropped; `..` kept for the resolver). */
export function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "" && s !== ".");
}

/**
 * Resolves `path` from the root. Symlinks in intermediate components are always followed; the final
 * component (symlink or hard link) only when `followFinal`. Absolute targets restart at the root, `..` at
 * the root stays at the root. Returns the node id, or undefined (missing, not a directory, or a loop).
 */
export function resolveInTree(s: TreeStore, path: string, followFinal: boolean): number | undefined {
  const id = resolveFrom(s, path, followFinal, 0);
  return id < 0 ? undefined : id;
}

const MISSING = -1;
const LOOP = -2;

function resolveFrom(s: TreeStore, path: string, followFinal: boolean, hopsSoFar: number): number {
  const pending = splitPath(path).reverse(); // a stack: next segment last
  let cur = 0;
  let hops = hopsSoFar;
  while (pending.length > 0) {
    const seg = pending.pop()!;
    if (seg === "..") {
      cur = cur === 0 ? 0 : s.parent[cur]!;
      continue;
    }
    if (!s.isDir(cur)) return MISSING;
    const child = s.child(cur, seg);
    if (child === undefined) return MISSING;
    const type = s.type(child);
    const isLast = pending.length === 0;
    if (type === "hardlink" && isLast && followFinal) {
      // The link shares its target's data: when the target path is gone, the link itself stands for it.
      if (++hops > maxLinkHops) return LOOP;
      const target = resolveFrom(s, s.links.get(child) ?? "", true, hops);
      return target === MISSING ? child : target;
    }
    if (type === "symlink" && (!isLast || followFinal)) {
      if (++hops > maxLinkHops) return LOOP;
      const target = s.links.get(child) ?? "";
      if (target === "") return MISSING;
      const parts = splitPath(target);
      for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]!);
      // Relative targets resolve from the link's directory, absolute ones from the root.
      if (target.startsWith("/")) cur = 0;
      continue;
    }
    cur = child;
  }
  return cur;
}
