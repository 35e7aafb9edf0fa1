/** Peek at an archive's member names without a tmp dir (for TARGET detection). */
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import tarStream from "tar-stream";
import { DredgeError, errorMessage } from "../../errors.js";
import { normaliseEntryName, sniffFile } from "../../util/tar-index.js";

/**
 * Member names of a (possibly gzipped) tar, streaming: for peeking at an archive without a tmp dir.
 * Stops early once `enough(names)` is true. Content is drained, never kept.
 */
export async function streamTarNames(file: string, enough: (names: Set<string>) => boolean): Promise<Set<string>> {
  const names = new Set<string>();
  const kind = await sniffFile(file);
  return new Promise((resolve, reject) => {
    const input = createReadStream(file);
    const gunzip = kind === "gzip" ? createGunzip() : undefined;
    const extract = tarStream.extract();
    let settled = false;
    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      for (const s of [input, gunzip, extract]) s?.destroy();
      if (err === undefined) resolve(names);
      else if (err instanceof DredgeError) reject(err);
      else reject(new DredgeError("INVALID_ARCHIVE", `${file} is not a readable tar archive (${errorMessage(err)})`, { cause: err }));
    };
    extract.on("entry", (header, stream, next) => {
      try {
        const name = normaliseEntryName(header.name, file);
        if (name !== undefined) names.add(name);
      } catch (err) {
        finish(err);
        return;
      }
      if (enough(names)) return finish();
      stream.on("end", next);
      stream.resume();
    });
    extract.on("finish", () => finish());
    input.on("error", finish);
    gunzip?.on("error", finish);
    extract.on("error", finish);
    if (gunzip) input.pipe(gunzip).pipe(extract);
    else input.pipe(extract);
  });
}
