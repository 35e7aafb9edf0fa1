/** Helpers over scanned text: binary detection, entropy, masking, line numbers. */

/** Bytes inspected for a NUL when deciding whether a file is binary. */
export const BINARY_SNIFF_BYTES = 8192;

export function isBinary(content: Buffer): boolean {
  const n = Math.min(content.length, BINARY_SNIFF_BYTES);
  return content.subarray(0, n).includes(0);
}

const binaryExtensions = new Set([
  "a", "o", "so", "ko", "pyc", "pyo", "class", "jar", "war", "ear", "whl", "egg", "zip", "gz", "tgz", "bz2", "xz",
  "zst", "lz4", "lzma", "7z", "rar", "tar", "deb", "rpm", "apk", "png", "jpg", "jpeg", "gif", "bmp", "ico", "webp",
  "tif", "tiff", "svgz", "woff", "woff2", "ttf", "otf", "eot", "pdf", "mo", "gmo", "db", "sqlite", "sqlite3", "mp3",
  "mp4", "ogg", "wav", "flac", "avi", "mkv", "mov", "wasm", "exe", "dll", "dylib", "bin", "dat", "pack", "idx", "node",
]);

/** Obvious binaries by name: `*.so`, `*.so.1.2`, images, archives, compiled code… */
export function isBinaryPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (/\.so(\.\d+)*$/.test(base)) return true;
  const dot = base.lastIndexOf(".");
  return dot > 0 && binaryExtensions.has(base.slice(dot + 1));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Keeps at most the first 4 characters (fewer for short secrets); the rest becomes `*`. */
export function maskSecret(secret: string): string {
  const keep = Math.min(4, Math.floor(secret.length / 4));
  const stars = Math.min(Math.max(secret.length - keep, 4), 32);
  return secret.slice(0, keep) + "*".repeat(stars);
}

/** Offsets of line starts, computed once per file and only when a match needs a line number. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    const starts = (this.starts ??= computeStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The line holding `offset` (without its newline), and where it starts. */
  lineAt(offset: number): { start: number; text: string } {
    const line = this.lineOf(offset);
    const starts = this.starts!;
    const start = starts[line - 1]!;
    const next = starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return { start, text: this.text.slice(start, end) };
  }
}

function computeStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
