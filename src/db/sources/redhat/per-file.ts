/** Fetches VEX/CSAF documents one by one under the VEX directory, a few at a time, in the given order. */
import { errorMessage } from "../../../errors.js";
import type { Logger } from "../../../util/log.js";
import { httpText, joinUrl } from "../http.js";
import { parseRecordText } from "../files.js";
import type { RawRecord } from "../types.js";

const PARALLEL = 8;

export interface PerFileStats {
  fetched: number;
  /** Listed but answered 404 (withdrawn between the listing and the fetch). */
  gone: number;
}

/**
 * One RawRecord per path; a document that cannot be fetched or parsed is yielded with `error` (the build
 * skips and counts it). With `allowGone`, a 404 is skipped and counted instead.
 */
export async function* fetchDocuments(
  base: string, paths: readonly string[], logger: Logger, stats: PerFileStats, allowGone = false,
): AsyncGenerator<RawRecord> {
  for (let i = 0; i < paths.length; i += PARALLEL) {
    const batch = paths.slice(i, i + PARALLEL).map(async (p): Promise<RawRecord | undefined> => {
      const url = joinUrl(base, p);
      try {
        const text = await httpText(url, { logger, allowNotFound: allowGone });
        if (text === undefined) {
          logger.debug("Red Hat VEX document listed but gone", { url });
          stats.gone++;
          return undefined;
        }
        stats.fetched++;
        return parseRecordText(text, p, url);
      } catch (err) {
        return { id: p, origin: url, data: undefined, error: errorMessage(err) };
      }
    });
    for (const r of await Promise.all(batch)) if (r) yield r;
  }
}
