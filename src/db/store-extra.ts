/** KEV and EPSS reads (kept apart from store.ts to keep files small). */
import type { Database as Db } from "better-sqlite3";
import type { EpssEntry, KevEntry } from "./model.js";

interface KevRow {
  cve_id: string; vendor_project: string | null; product: string | null; name: string | null; date_added: string | null;
  due_date: string | null; ransomware: string | null; description: string | null; required_action: string | null;
  notes: string | null; cwes: string;
}

const cache = new WeakMap<Db, { kev: ReturnType<Db["prepare"]>; epss: ReturnType<Db["prepare"]> }>();

function stmts(db: Db): { kev: ReturnType<Db["prepare"]>; epss: ReturnType<Db["prepare"]> } {
  let s = cache.get(db);
  if (!s) {
    s = { kev: db.prepare("SELECT * FROM kev WHERE cve_id = ?"), epss: db.prepare("SELECT * FROM epss WHERE cve_id = ?") };
    cache.set(db, s);
  }
  return s;
}

export function readKev(db: Db, cveId: string): KevEntry | undefined {
  const r = stmts(db).kev.get(cveId) as KevRow | undefined;
  if (!r) return undefined;
  const e: KevEntry = { cveId: r.cve_id, cwes: JSON.parse(r.cwes) as string[] };
  if (r.vendor_project !== null) e.vendorProject = r.vendor_project;
  if (r.product !== null) e.product = r.product;
  if (r.name !== null) e.name = r.name;
  if (r.date_added !== null) e.dateAdded = r.date_added;
  if (r.due_date !== null) e.dueDate = r.due_date;
  if (r.ransomware !== null) e.knownRansomwareCampaignUse = r.ransomware;
  if (r.description !== null) e.shortDescription = r.description;
  if (r.required_action !== null) e.requiredAction = r.required_action;
  if (r.notes !== null) e.notes = r.notes;
  return e;
}

export function readEpss(db: Db, cveId: string): EpssEntry | undefined {
  const r = stmts(db).epss.get(cveId) as { cve_id: string; score: number; percentile: number; date: string | null } | undefined;
  if (!r) return undefined;
  const e: EpssEntry = { cveId: r.cve_id, score: r.score, percentile: r.percentile };
  if (r.date !== null) e.date = r.date;
  return e;
}
