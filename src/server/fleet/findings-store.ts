/**
 * The findings index: per image and vulnerability-database version, one row per finding and identifier (its
 * id and each alias, upper case, so `GET /vulnerabilities/{id}/images` is one index range whatever name the
 * caller uses), and one summary row (counts per severity, KEV, fixable) that the image list filters and sorts
 * by. A summary row is what marks an image indexed for a version; an image without one is pending.
 */
import { severities, type Severity, type VulnerabilityFinding } from "../../model/finding.js";
import { one, type Querier, type SqlDatabase } from "../db/sql.js";
import { putAnswer } from "./answers.js";
import { putMatch, type StoredMatch } from "./matches.js";
import type { MatchKey } from "../findings.js";

export interface Summary {
  counts: Record<Severity, number>;
  kev: number;
  fixable: number;
}

export function summarize(findings: readonly VulnerabilityFinding[]): Summary {
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  let kev = 0;
  let fixable = 0;
  for (const f of findings) {
    counts[f.severity]++;
    if (f.kev) kev++;
    if (f.fixedVersions.length > 0) fixable++;
  }
  return { counts, kev, fixable };
}

/** The names a finding answers to, upper case, once each. */
export const matchIds = (f: Pick<VulnerabilityFinding, "id" | "aliases">): string[] => [...new Set([f.id, ...f.aliases].map((x) => x.toUpperCase()))];

const CHUNK = 100;

/** The columns of `image_findings` after (db_version, db_built, digest), one row per identifier of each finding. */
export const FINDING_ROW_COLUMNS = "match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev";

const findingRows = (findings: readonly VulnerabilityFinding[]): unknown[][] =>
  findings.flatMap((f) =>
    matchIds(f).map((m) => [
      m, f.id, JSON.stringify(f.aliases), f.package.type, f.package.name, f.package.purl, f.installedVersion, JSON.stringify(f.fixedVersions), f.severity, f.status, f.kev ? 1 : 0,
    ]),
  );

/**
 * Whether the stored rows (`FINDING_ROW_COLUMNS` of one image and version) are exactly the rows `findings`
 * would be written as: a full re-match that finds the same then leaves them in place.
 */
export function sameFindingRows(stored: readonly Record<string, unknown>[], findings: readonly VulnerabilityFinding[]): boolean {
  const fresh = findingRows(findings);
  if (fresh.length !== stored.length) return false;
  const cols = FINDING_ROW_COLUMNS.split(", ");
  const key = (values: readonly unknown[]) => JSON.stringify(values.map((v) => (typeof v === "bigint" ? Number(v) : v)));
  const have = stored.map((r) => key(cols.map((c) => (c === "kev" ? Number(r[c]) : r[c])))).sort();
  const want = fresh.map(key).sort();
  return have.every((k, i) => k === want[i]);
}

async function insertFindings(q: Querier, version: DbVersion, digest: string, findings: readonly VulnerabilityFinding[]): Promise<void> {
  const rows = findingRows(findings).map((r) => [version.id, version.built, digest, ...r]);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await q.run(
      `INSERT INTO image_findings (db_version, db_built, digest, match_id, vuln_id, aliases, pkg_type, pkg_name, purl, installed, fixed, severity, status, kev)
       VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      chunk.flat(),
    );
  }
}

/** The database version findings are filed under (FindingsService.version) and its build time, epoch ms. */
export interface DbVersion {
  id: string;
  built: number;
}

/** The version `id` of a database built at `builtAt` (ISO time; unreadable: 0). */
export function dbVersionOf(id: string, builtAt: string): DbVersion {
  const built = Date.parse(builtAt);
  return { id, built: Number.isNaN(built) ? 0 : built };
}

/**
 * The findings to index, and the serialised default answer of `…/vulnerabilities` (src/server/fleet/answers.ts)
 * and the encoded unfiltered match (src/server/fleet/matches.ts) to store with them.
 */
export type IndexResult = { findings: readonly VulnerabilityFinding[]; answer?: string; match?: StoredMatch; keys?: readonly MatchKey[] } | { error: string };
/**
 * Replaces the image's keys in the monitor's reverse index: the (namespace, package) rows of the vulnerability
 * database its matching looked up (src/server/monitor/), so a changed row finds exactly the images it can affect.
 */
export async function putMatchKeys(q: Querier, digest: string, keys: readonly MatchKey[]): Promise<void> {
  // A re-match of the same inventory looks up the same keys: then nothing is written.
  const stored = await q.all<{ namespace: string; package: string }>("SELECT namespace, package FROM image_match_keys WHERE digest = ?", [digest]);
  if (stored.length === keys.length) {
    const have = new Set(stored.map((r) => `${r.namespace}\u0000${r.package}`));
    if (keys.every(([ns, p]) => have.has(`${ns}\u0000${p}`))) return;
  }
  await q.run("DELETE FROM image_match_keys WHERE digest = ?", [digest]);
  for (let i = 0; i < keys.length; i += CHUNK * 2) {
    const chunk = keys.slice(i, i + CHUNK * 2);
    await q.run(`INSERT INTO image_match_keys (digest, namespace, package) VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`, chunk.flatMap(([ns, p]) => [digest, ns, p]));
  }
}

/**
 * Replaces the image's rows of `version` — unless its inventory changed since `inventoryAt` (it was stored
 * again meanwhile, and is pending again) or it is gone. Returns whether it wrote.
 */
export function storeFindings(db: SqlDatabase, version: DbVersion, digest: string, inventoryAt: number, result: IndexResult, now = Date.now()): Promise<boolean> {
  return db.tx((q) => writeFindings(q, version, digest, inventoryAt, result, now));
}

/**
 * `storeFindings` inside the caller's transaction. `keptRowsAt`: the image's findings rows under that version
 * (src/server/fleet/rows.ts) are known to equal the new ones (`sameFindingRows`) and stay where they are (the
 * summary, answer and match are rewritten).
 */
export async function writeFindings(q: Querier, version: DbVersion, digest: string, inventoryAt: number, result: IndexResult, now: number, keptRowsAt?: string): Promise<boolean> {
  const current = await one<{ created_at: number }>(q, "SELECT created_at FROM inventories WHERE digest = ?", [digest]);
  if (current?.created_at !== inventoryAt) return false;
  const keepRows = keptRowsAt !== undefined;
  if (!keepRows) await q.run("DELETE FROM image_findings WHERE digest = ? AND db_version = ?", [digest, version.id]);
  await q.run("DELETE FROM image_summaries WHERE digest = ? AND db_version = ?", [digest, version.id]);
  // putAnswer and putMatch replace their row; without one to put, the old one goes.
  if ("answer" in result && result.answer !== undefined) await putAnswer(q, version, digest, inventoryAt, result.answer);
  else await q.run("DELETE FROM image_answers WHERE digest = ? AND db_version = ?", [digest, version.id]);
  if ("match" in result && result.match !== undefined) await putMatch(q, version, digest, inventoryAt, result.match);
  else await q.run("DELETE FROM image_matches WHERE digest = ? AND db_version = ?", [digest, version.id]);
  const findings = "findings" in result ? result.findings : [];
  if (!keepRows) await insertFindings(q, version, digest, findings);
  const s = summarize(findings);
  await q.run(
    `INSERT INTO image_summaries (db_version, db_built, digest, critical, high, medium, low, negligible, unknown, kev, fixable, error, indexed_at, rows_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [version.id, version.built, digest, s.counts.CRITICAL, s.counts.HIGH, s.counts.MEDIUM, s.counts.LOW, s.counts.NEGLIGIBLE, s.counts.UNKNOWN, s.kev, s.fixable,
      "error" in result ? result.error : null, now, keptRowsAt !== undefined && keptRowsAt !== version.id ? keptRowsAt : null],
  );
  if ("keys" in result && result.keys) await putMatchKeys(q, digest, result.keys);
  return true;
}
