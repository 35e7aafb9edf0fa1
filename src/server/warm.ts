/**
 * The background warmer: after what a stored result depends on changed without a scan — a database switch, a newly
 * activated policy — it computes the results reads serve, so that `GET /images/{digest}/check` (and admission and the
 * pull gate, which read the same verdicts) and Harbor's report read one row instead of computing on a miss:
 * - Harbor's vulnerability part (src/server/harbor/stored.ts) of every image Harbor asked about, stored for an older
 *   database: built again from the image's stored match (matched and stored first when there is none);
 * - the active policy's evaluation of every image that has none for the database in use (src/server/verdicts.ts).
 * Scans need none of this (the indexer precomputes both after each scan), nor the images a database update's
 * re-evaluation run carries forward or re-matches (src/server/monitor/): the warmer waits until the findings index is
 * complete and no run is open, then works once per (database version, policy revision), one image at a time with a
 * turn of the event loop in between, so requests are served meanwhile.
 */
import { errorMessage } from "../errors.js";
import type { Logger } from "../util/log.js";
import { inventoryTimes } from "./catalog/catalog.js";
import type { PolicyStore } from "./catalog/policies.js";
import type { SqlDatabase } from "./db/sql.js";
import type { FindingsService } from "./findings.js";
import { turn } from "./fleet/indexer.js";
import type { VerdictService } from "./verdicts.js";

export interface WarmerSettings {
  db: SqlDatabase;
  findings: Pick<FindingsService, "version">;
  verdicts: Pick<VerdictService, "check">;
  policies: Pick<PolicyStore, "active">;
  /** Computes and stores Harbor's vulnerability part of an image for the database in use (harbor/stored.ts `partOf`); undefined: it could not. */
  harborPart(digest: string): Promise<string | undefined>;
  /** Whether the index or a re-evaluation run still works on `version` (the warmer waits). */
  busy(version: string): Promise<boolean>;
  /** Unverified images are evaluated too (`--policy-allow-unverified`). */
  allowUnverified: boolean;
  logger: Logger;
  pollMs: number;
  /** Images per query. */
  batch?: number;
}

export interface Warmer {
  /** Look again now (a policy was activated). */
  wake(): void;
  stop(): Promise<void>;
}

export function startWarmer(settings: WarmerSettings): Warmer {
  const { db, logger } = settings;
  const batch = settings.batch ?? 50;
  let stopped = false;
  let wakeUp: (() => void) | undefined;
  // The key being warmed and the key warmed completely; what could not be warmed for the key (not tried again for it).
  let working: string | undefined;
  let warmed: string | undefined;
  const failed = new Set<string>();

  /** Works `digests` one at a time (`work` says whether it stored a result); returns how many it tried. */
  async function each(digests: readonly string[], what: string, work: (digest: string) => Promise<boolean>): Promise<number> {
    let n = 0;
    for (const digest of digests) {
      if (stopped) break;
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

  async function verdicts(version: string, revision: string): Promise<number> {
    const rows = await db.all<{ digest: string }>(
      `SELECT i.digest FROM images i JOIN ${inventoryTimes(db.dialect, "v")} ON v.digest = i.digest
       WHERE (i.verified = 1 OR ? = 1) AND NOT EXISTS (SELECT 1 FROM policy_evaluations e
         WHERE e.digest = i.digest AND e.stored_at = v.created_at AND e.revision = ? AND e.db_version = ?)
       ORDER BY i.last_seen DESC, i.digest LIMIT ?`,
      [settings.allowUnverified ? 1 : 0, revision, version, batch + failed.size],
    );
    return each(fresh("verdict")(rows).slice(0, batch), "verdict", async (d) => (await settings.verdicts.check(d)).status === "evaluated");
  }

  /** One step; returns whether there may be more to do at once. */
  async function step(): Promise<boolean> {
    const version = settings.findings.version();
    const active = await settings.policies.active();
    const key = `${version}|${active?.revision ?? ""}`;
    if (key === warmed || (await settings.busy(version))) return false;
    if (key !== working) {
      failed.clear();
      working = key;
    }
    const done = (await harbor(version)) + (active ? await verdicts(version, active.revision) : 0);
    if (done > 0) return true;
    warmed = key;
    return false;
  }

  const loop = (async () => {
    while (!stopped) {
      let more = false;
      try {
        more = await step();
      } catch (err) {
        logger.error("the warmer failed", { error: errorMessage(err) });
      }
      if (!more && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, settings.pollMs);
          wakeUp = () => (clearTimeout(timer), resolve());
        });
        wakeUp = undefined;
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
