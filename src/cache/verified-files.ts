/**
 * Verified byte ranges of local files: "these bytes of this file hashed to D, and the file has not changed
 * since". A warm rescan of a local archive or layout uses it to skip hashing each layer blob again for the
 * trust rule of the layer cache (docs/security.md, "The layer cache"; docs/performance.md, "Warm rescans").
 *
 * A record is keyed by the file's identity and change stamps, (device, inode, size, mtime, ctime) in
 * nanoseconds, and the byte range. Any write to the file, a rename over it or a new file in its place changes
 * ctime, which user space cannot set back. A record is written only when the stamps taken before the bytes
 * were read equal those after, and ctime and mtime were already `racyMs` old when the read began: a write
 * during the read, or in the same tick as the stamp, leaves a record that never matches.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Digest } from "../model/image.js";

/** A byte range of a local file (a layer blob inside an archive, or a blob file of a layout). */
export interface FileRange {
  file: string;
  offset: number;
  /** Bytes from `offset`; undefined: to the end of the file (whose size is part of its stamp). */
  size?: number;
}

/** A file's identity and change stamps, and when they were taken. */
export interface FileStamp {
  key: string;
  changedNs: bigint;
  takenNs: bigint;
}

export interface VerifiedFiles {
  /** The digest the range hashed to when it was recorded, if the file is the same and unchanged since. */
  lookup(range: FileRange): Promise<Digest | undefined>;
  /** Record that `range` hashed to `digest`, read after `before` was taken (stampFile). */
  record(range: FileRange, before: FileStamp, digest: Digest): Promise<void>;
}

/** The stamps of a regular file, or undefined when it cannot be stat'ed or is not a regular file. */
export async function stampFile(file: string): Promise<FileStamp | undefined> {
  const takenNs = BigInt(Date.now()) * 1_000_000n;
  const s = await stat(file, { bigint: true }).catch(() => undefined);
  if (!s?.isFile()) return undefined;
  const changedNs = s.ctimeNs > s.mtimeNs ? s.ctimeNs : s.mtimeNs;
  return { key: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, changedNs, takenNs };
}

const RECORD_VERSION = 1;
const rangeKey = (stamp: FileStamp, range: FileRange): string => `v${RECORD_VERSION} ${stamp.key} ${range.offset}+${range.size ?? "end"}`;

/** Records under CACHE_DIR/verified, one small file each. `racyMs`: how old a change must be to be recorded. */
export function fileVerifiedFiles(cacheDir: string, racyMs = 2000): VerifiedFiles {
  const dir = join(cacheDir, "verified");
  const pathOf = (key: string): string => join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  return {
    async lookup(range) {
      const stamp = await stampFile(range.file);
      if (!stamp) return undefined;
      const key = rangeKey(stamp, range);
      const text = await readFile(pathOf(key), "utf8").catch(() => undefined);
      return text === undefined ? undefined : parseRecord(text, key);
    },
    async record(range, before, digest) {
      const after = await stampFile(range.file);
      if (!after || after.key !== before.key) return;
      if (before.changedNs + BigInt(racyMs) * 1_000_000n > before.takenNs) return;
      const key = rangeKey(before, range);
      await mkdir(dir, { recursive: true });
      const target = pathOf(key);
      const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify({ key, digest }));
        await rename(tmp, target);
      } finally {
        await rm(tmp, { force: true });
      }
    },
  };
}

function parseRecord(text: string, key: string): Digest | undefined {
  try {
    const r = JSON.parse(text) as { key?: unknown; digest?: unknown } | null;
    return r?.key === key && typeof r.digest === "string" && /^sha256:[0-9a-f]{64}$/.test(r.digest) ? r.digest : undefined;
  } catch {
    return undefined;
  }
}
