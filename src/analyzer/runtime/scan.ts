/**
 * Bounded searches in binaries and small text files: a fast Buffer.indexOf for a fixed marker, then a
 * strict, anchored regular expression over a short window after it. Never scans more than `limit` bytes
 * nor tries more than `maxHits` occurrences, so a huge or hostile file costs little.
 */
export interface ScanOptions {
  /** Bytes of the file searched (from the start). */
  limit?: number;
  /** Bytes after the marker handed to the pattern. */
  window?: number;
  /** Occurrences of the marker tried before giving up. */
  maxHits?: number;
  /** The marker must start a NUL-terminated string (the byte before it is 0). */
  stringStart?: boolean;
}

export const DEFAULT_SCAN_LIMIT = 256 * 1024 * 1024;

/**
 * First match of `pattern` (anchored with `^`, group 1 = version) in the text right after an occurrence
 * of `marker` (the marker itself is not part of the text), or undefined.
 */
export function versionAfter(buf: Buffer, marker: string, pattern: RegExp, opts: ScanOptions = {}): string | undefined {
  const limit = Math.min(buf.length, opts.limit ?? DEFAULT_SCAN_LIMIT);
  const window = opts.window ?? 64;
  const maxHits = opts.maxHits ?? 1000;
  let hits = 0;
  for (let i = buf.indexOf(marker, 0, "latin1"); i >= 0 && i < limit && hits < maxHits; i = buf.indexOf(marker, i + 1, "latin1"), hits++) {
    if (opts.stringStart && (i === 0 || buf[i - 1] !== 0)) continue;
    const start = i + marker.length;
    const text = buf.toString("latin1", start, Math.min(start + window, limit));
    const m = pattern.exec(text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}

/** Text of a small file, or undefined when it is larger than `max` bytes or holds NUL bytes. */
export function smallText(buf: Buffer, max = 256 * 1024): string | undefined {
  if (buf.length > max || buf.includes(0)) return undefined;
  return buf.toString("utf8");
}

/** `#define NAME "value"` in a C header. */
export function defineString(text: string, name: string): string | undefined {
  const m = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+"([^"\\n]{1,40})"`, "m").exec(text);
  return m?.[1];
}

/** `#define NAME 12` in a C header. */
export function defineNumber(text: string, name: string): number | undefined {
  const m = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${name}[ \\t]+(\\d{1,4})\\b`, "m").exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** `KEY="value"` (shell style, as the JDK `release` file). */
export function shellValue(text: string, key: string): string | undefined {
  const m = new RegExp(`^${key}="?([^"\\n]{1,200})"?[ \\t]*$`, "m").exec(text);
  return m?.[1]?.trim() || undefined;
}

/** A plain dotted release: 1.2.3 (three parts). */
export const SEMVER3 = String.raw`(\d{1,3}\.\d{1,3}\.\d{1,4})`;
