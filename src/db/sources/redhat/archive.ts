/**
 * Reads Red Hat's VEX archive (`csaf_vex_YYYY-MM-DD.tar.zst`: every VEX JSON file in year folders) as a
 * stream with the layer reader: zstd/gzip sniffing and decompression (src/layer/decompress.ts) and the tar
 * walker with its safety limits (src/layer/walk.ts). A damaged archive fails with a DredgeError naming it.
 */
import { createReadStream, existsSync } from "node:fs";
import { DredgeError, errorMessage, isDredgeError } from "../../../errors.js";
import type { Logger } from "../../../util/log.js";
import { openLayerTar } from "../../../layer/decompress.js";
import { walkLayer } from "../../../layer/walk.js";
import { defaultWalkLimits, type WalkLimits } from "../../../layer/types.js";
import { parseRecordText } from "../files.js";
import { readContent } from "../../../artifact/read-content.js";
import type { RawRecord } from "../types.js";

/** Largest document read from the archive (the largest real VEX file is ~ 94 MB). */
export const MAX_ARCHIVE_RECORD_BYTES = 256 * 1024 * 1024;

export interface ArchiveEntry {
  /** Path inside the archive, without a leading slash (`2024/cve-2024-0208.json`). */
  path: string;
  /** The tar entry's modification time, ms, when it has one. */
  mtimeMs?: number;
  record: RawRecord;
}

export interface ArchiveOptions {
  /** Names the archive in records' origins and in errors (its file name). */
  label: string;
  logger: Logger;
  limits?: WalkLimits;
}

/** Every `.json` file of the archive at `file`, in archive order; a bad entry is yielded with `error`. */
export async function* readVexArchive(file: string, opts: ArchiveOptions): AsyncGenerator<ArchiveEntry> {
  const where = `Red Hat VEX archive ${opts.label}`;
  if (!existsSync(file)) throw new DredgeError("IO_ERROR", `${where}: no such file ${file}`);
  const tar = openLayerTar(createReadStream(file), where);
  try {
    for await (const ev of walkLayer(tar, { where, logger: opts.logger, limits: opts.limits ?? defaultWalkLimits })) {
      if (ev.kind !== "entry" || ev.info.type !== "file" || !ev.info.path.toLowerCase().endsWith(".json")) continue;
      const path = ev.info.path.slice(1);
      const origin = `${opts.label}!${path}`;
      const entry: ArchiveEntry = { path, record: { id: path, origin, data: undefined } };
      if (ev.info.mtime !== undefined) entry.mtimeMs = ev.info.mtime * 1000;
      if (ev.info.size > MAX_ARCHIVE_RECORD_BYTES) {
        entry.record.error = `archive entry too large (${ev.info.size} bytes)`;
      } else if (ev.content) {
        entry.record = parseRecordText((await readContent(ev.content, ev.info.size)).toString("utf8"), path, origin);
      }
      yield entry;
    }
  } catch (err) {
    throw archiveError(err, where);
  } finally {
    tar.destroy();
  }
}

const limitHint = "the archive is beyond Dredge's limits for a tar stream: it may be a tar or compression bomb";
const archiveHint = "the download is damaged or truncated: build again, or pass a good copy with --source redhat=FILE.tar.zst";

/** The layer reader's errors speak of layers; say "archive" and give a hint that fits a feed download. */
function archiveError(err: unknown, where: string): DredgeError {
  let message = errorMessage(err).replace(/\bthe layer\b/g, "the archive");
  if (!message.startsWith(where)) message = `${where}: ${message}`;
  if (isDredgeError(err) && err.code !== "CORRUPT_LAYER") {
    const hint = err.code === "LIMIT_EXCEEDED" ? limitHint : undefined;
    return new DredgeError(err.code, message, { cause: err, ...(hint ? { hint } : {}), details: err.details });
  }
  return new DredgeError("INVALID_ARCHIVE", message, { cause: err, hint: archiveHint });
}
