/** The contract of a feed module: one folder per feed under src/db/sources/<name>/. */
import type { Logger } from "../../util/log.js";
import type { FeedOutput, SourceName } from "../model.js";

/** One upstream record before transformation. `error` is set when the bytes could not be parsed. */
export interface RawRecord {
  /** Record id when known, else the file or zip entry name: used in warnings. */
  id: string;
  /** Where it came from (file path, URL, `all.zip!entry`). */
  origin: string;
  data: unknown;
  error?: string;
}

export interface FetchContext {
  /** URL (http/https) or local path; the feed's default URL when the user gave none. */
  location: string;
  local: boolean;
  /** Text after `NAME:` in `--source osv:PyPI` (OSV ecosystem), if any. */
  selector?: string;
  logger: Logger;
  /** Scratch directory removed after the build (downloads land here). */
  tmpDir: string;
  /** Upstream's own "as of" time, when the feed states one (KEV catalogVersion, EPSS score_date). */
  setLastUpdate(iso: string): void;
  /** For incremental feeds (NVD): only records modified after this time. */
  since?: string;
  /** API key for feeds that take one (NVD). */
  apiKey?: string;
}

export interface TransformContext {
  logger: Logger;
}

export interface FeedSource {
  name: SourceName;
  /** Real upstream base URL or file URL. */
  defaultLocation: string;
  description: string;
  /** The feed can fetch only what changed since a time (`FetchContext.since`): `db build --incremental`. */
  incremental?: boolean;
  /**
   * `false`: the upstream licence forbids redistributing its data (Wolfi, Chainguard). Such a feed is left
   * out of `db build` without --source and a database holding it cannot be pushed.
   */
  redistributable?: false;
  fetch(ctx: FetchContext): AsyncIterable<RawRecord>;
  /** Throws (a ZodError or MalformedRecord) on a record that cannot be used; the build skips and counts it. */
  transform(raw: RawRecord, ctx: TransformContext): FeedOutput;
}

/** A record is unusable; the build logs `message` with the record's id and skips it. */
export class MalformedRecord extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedRecord";
  }
}

export const emptyOutput = (): FeedOutput => ({ vulnerabilities: [], affected: [] });
