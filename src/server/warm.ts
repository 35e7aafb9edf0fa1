/**
 * The background warmer: after a database switch, it computes again the Harbor vulnerability part
 * (src/server/harbor/stored.ts) of every image Harbor asked about that is stored for an older database — from the
 * image's stored match (matched and stored first when there is none) — so Harbor's report reads one row instead of
 * computing on a miss. Scans need none of this (the indexer precomputes the parts after each scan); the active
 * policy's verdicts are the indexer's (src/server/fleet/indexer.ts `verdicts`). The warmer waits until the findings
 * index is complete and no re-evaluation run is open, then works once per database version, one image at a time with
 * a turn of the event loop in between, so requests are served meanwhile.
 */
import { errorMessage } from "../errors.js";
import type { Logger } from "../util/log.js";
import type { SqlDatabase } from "./db/sql.js";
import type { FindingsService } from "./findings.js";
import { turn } from "./fleet/indexer.js";
import { pollLoop } from "./poll-loop.js";

export interface WarmerSettings {
  db: SqlDatabase;
  findings: Pick<FindingsService, "version">;
  /** Computes and stores Harbor's vulnerability part of an image for the database in use (harbor/stored.ts `partOf`); undefined: it could not. */
  harborPart(digest: string): Promise<string | undefined>;
  /** Whether the index or a re-evaluation run still works on `version` (the warmer waits). */
  busy(version: string): Promise<boolean>;
  logger: Logger;
  pollMs: number;
  /** Images per query. */
  batch?: number;
}

export interface Warmer {
  /** Look again now. */
  wake(): void;
  stop(): Promise<void>;
}

export function startWarmer(settings: WarmerSettings): Warmer {
  const { db, logger } = settings;
  const batch = settings.batch ?? 50;
  // The database version being warmed and the one warmed completely; what could not be warmed for it (not tried again).
  let working: string | undefined;
  let warmed: string | undefined;
  const failed = new Set<string>();

  /** Works `digests` one at a time (`work` says whether it stored a result); returns how many it tried. */
  async function each(digests: readonly string[], what: string, work: (digest: string) => Promise<boolean>): Promise<number> {
    let n = 0;
    for (const digest of digests) {
      if (loop.stopped) break;
      await turn();
      n++;
      const ok = await work(digest).catch((err: unknown) => {
        logger.warn(`warming ${what} failed`, { digest, error: errorMessage(err) });
        return false;
      });
      if (!ok) failed.add(`${what}|${digest}`);
    }
    return n;
  }

  const fresh = (what: string) => (rows: { digest: string }[]) => rows.map((r) => r.digest).filter((d) => !failed.has(`${what}|${d}`));

  async function harbor(version: string): Promise<number> {
    const rows = await db.all<{ digest: string }>("SELECT digest FROM image_reports WHERE kind = 'harbor-vulnerabilities' AND version <> ? ORDER BY digest LIMIT ?", [version, batch + failed.size]);
    return each(fresh("harbor")(rows).slice(0, batch), "harbor", async (d) => (await settings.harborPart(d)) !== undefined);
  }

  /** One step; returns whether there may be more to do at once. */
  async function step(): Promise<boolean> {
    const version = settings.findings.version();
    if (version === warmed || (await settings.busy(version))) return false;
    if (version !== working) {
      failed.clear();
      working = version;
    }
    if ((await harbor(version)) > 0) return true;
    warmed = version;
    return false;
  }

  const loop = pollLoop({ step, pollMs: settings.pollMs, onError: (err) => logger.error("the warmer failed", { error: errorMessage(err) }) });
  return { wake: () => loop.wake(), stop: () => loop.stop() };
}
