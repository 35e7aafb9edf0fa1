/**
 * Newer tags of the same "track" as a base image's tag: the same words around the version and the same
 * release line. `12.5-slim` → `12.6-slim`, `12.10-slim` (not `13.0-slim`, `12.6`, `12.6-bookworm`);
 * `20.11.1-alpine3.19` → `20.12.0-alpine3.19`; a date stamp `bookworm-20240311-slim` → `bookworm-20240408-slim`.
 * Tags without a number (`latest`, `bookworm-slim`) have no track: they move themselves.
 */

interface TrackedTag {
  prefix: string;
  numbers: number[];
  suffix: string;
}

const VERSIONED = /^(\D*?)(\d+(?:\.\d+){0,3})(.*)$/;
/** A single number this long is a date or build stamp, not a release line. */
const STAMP_DIGITS = 8;

export function parseTrack(tag: string): TrackedTag | undefined {
  const m = VERSIONED.exec(tag);
  if (!m) return undefined;
  return { prefix: m[1]!, numbers: m[2]!.split(".").map(Number), suffix: m[3]! };
}

const compareNumbers = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};

/** Whether `other` is a later tag of `base`'s track. */
function isNewerOnTrack(base: TrackedTag, other: TrackedTag, stamp: boolean): boolean {
  if (other.prefix !== base.prefix || other.suffix !== base.suffix || other.numbers.length !== base.numbers.length) return false;
  // the release line: the first number (debian 12, node 20, alpine 3), unless the tag is a date stamp
  if (!stamp && other.numbers[0] !== base.numbers[0]) return false;
  return compareNumbers(other.numbers, base.numbers) > 0;
}

/** The tags of `tags` newer than `tag` on its track, newest first. */
export function newerOnTrack(tag: string, tags: readonly string[]): string[] {
  const base = parseTrack(tag);
  if (!base) return [];
  const stamp = base.numbers.length === 1 && String(base.numbers[0]).length >= STAMP_DIGITS;
  const newer: { tag: string; numbers: number[] }[] = [];
  for (const t of tags) {
    const other = parseTrack(t);
    if (other && isNewerOnTrack(base, other, stamp)) newer.push({ tag: t, numbers: other.numbers });
  }
  return newer.sort((a, b) => compareNumbers(b.numbers, a.numbers) || a.tag.localeCompare(b.tag)).map((n) => n.tag);
}
