/**
 * Lexical normalisation of archive entry paths. Every path the walker yields is absolute (`/etc/passwd`),
 * has no `.`/`..` segments and no empty segments. Paths that would leave the image root are rejected.
 */

/** Longer names are refused (Linux PATH_MAX is 4096; tar PAX names may be longer only in hostile input). */
export const maxEntryPathLength = 4096;

/**
 * Normalise a tar entry name: strip `./` and leading `/` (absolute names are re-rooted inside the image, as
 * Docker does), resolve `.` and `..` lexically. Returns undefined when the path escapes the root
 * (`../x`, `a/../../x`), contains a NUL byte or is absurdly long. The root itself is `/`.
 */
export function normaliseEntryPath(name: string): string | undefined {
  if (name.length > maxEntryPathLength || name.includes("\0")) return undefined;
  if (isClean(name)) return name.charCodeAt(0) === 47 ? name : `/${name}`;
  const out: string[] = [];
  for (const seg of name.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return `/${out.join("/")}`;
}

/** Fast path: no `//`, no trailing `/`, no `.` or `..` segment, not empty. */
function isClean(name: string): boolean {
  if (name.length === 0 || name === "/") return false;
  let segStart = name.charCodeAt(0) === 47 ? 1 : 0;
  for (let i = segStart; i <= name.length; i++) {
    if (i < name.length && name.charCodeAt(i) !== 47) continue;
    const len = i - segStart;
    if (len === 0) return false;
    if (name.charCodeAt(segStart) === 46 && (len === 1 || (len === 2 && name.charCodeAt(segStart + 1) === 46))) {
      return false;
    }
    segStart = i + 1;
  }
  return true;
}

/** Parent directory of a normalised absolute path (`/a/b` → `/a`, `/a` → `/`). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** Last segment of a normalised absolute path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Join a normalised directory and a child name. */
export function joinPath(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}
