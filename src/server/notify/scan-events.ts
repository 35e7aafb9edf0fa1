/**
 * The `ScanEvent` of a finished scan, read inside the transaction that marks it done or failed: the
 * references its image is known under (and the reference the scan was asked for), and the finding counts of
 * the newest findings index row when the indexer has one.
 */
import { severities, type Severity } from "../../model/finding.js";
import type { ScanEvent } from "../monitor/events.js";
import type { Querier } from "../db/sql.js";
import type { ScanJob } from "../queue/types.js";

/** `registry:host/repo:tag` → `host/repo:tag`; local targets name no reference. */
const requestedReference = (target: string): string | undefined => (target.startsWith("registry:") ? target.slice("registry:".length) : undefined);

const columns: Record<Severity, string> = { CRITICAL: "critical", HIGH: "high", MEDIUM: "medium", LOW: "low", NEGLIGIBLE: "negligible", UNKNOWN: "unknown" };

export async function scanEventOf(q: Querier, job: ScanJob, at: number): Promise<ScanEvent> {
  const failed = job.state === "failed";
  const digest = failed ? undefined : (job.digest ?? undefined);
  const refs = new Set<string>();
  const requested = requestedReference(job.target);
  if (requested) refs.add(requested);
  let counts: Record<Severity, number> | undefined;
  if (digest) {
    for (const r of await q.all<{ reference: string }>("SELECT reference FROM image_tags WHERE digest = ? ORDER BY last_seen DESC, reference", [digest])) refs.add(r.reference);
    const s = (await q.all("SELECT * FROM image_summaries WHERE digest = ? AND error IS NULL ORDER BY db_built DESC LIMIT 1", [digest]))[0];
    if (s) counts = Object.fromEntries(severities.map((sev) => [sev, Number(s[columns[sev]] ?? 0)])) as Record<Severity, number>;
  }
  return {
    type: failed ? "scan.failed" : "scan.completed",
    scanId: job.id,
    target: job.target,
    ...(digest ? { digest } : {}),
    references: [...refs],
    at,
    ...(failed && job.error ? { error: job.error } : {}),
    ...(counts ? { counts } : {}),
  };
}
