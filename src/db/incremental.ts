/**
 * `db build --incremental`: start from the existing output instead of an empty database. Its packed rows
 * are unpacked into the build's scratch table; then, per requested source, an incremental feed (NVD) fetches
 * only what changed since that source's last update and each changed record replaces its previous rows,
 * while any other feed's previous rows are removed and fetched anew. Sources not requested stay as they were.
 */
import Database from "better-sqlite3";
import type { Database as Db } from "better-sqlite3";
import { DredgeError, errorMessage } from "../errors.js";
import { affectedToRow } from "./rows.js";
import { unpackRecords } from "./packed.js";
import { META_SCHEMA_VERSION, SCHEMA_VERSION } from "./schema.js";
import { osvNamespace } from "./namespace.js";
import { shardOf } from "./shards.js";
import type { SourceSpec } from "./build.js";

/** The existing output must be a Dredge database of this schema to continue from; DB_ERROR naming it otherwise. */
export function checkBase(file: string): void {
  let v: string | undefined;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      v = db.prepare("SELECT value FROM metadata WHERE key = ?").pluck().get(META_SCHEMA_VERSION) as string | undefined;
    } finally {
      db.close();
    }
  } catch (err) {
    throw new DredgeError("DB_ERROR", `cannot build incrementally on ${file}: not a Dredge database (${errorMessage(err)})`, {
      hint: "Build it again without --incremental.",
    });
  }
  if (v !== String(SCHEMA_VERSION)) {
    throw new DredgeError("DB_ERROR", `cannot build incrementally on ${file}: schema version ${v ?? "none"}, expected ${SCHEMA_VERSION}`, {
      hint: "Build it again without --incremental.",
    });
  }
}

/** Moves the base's packed rows into `scratch.affected` and empties `packages` (checkBase ran first). */
export function loadBase(db: Db, put: (row: ReturnType<typeof affectedToRow>) => void): void {
  const rows = db.prepare("SELECT namespace, package, data FROM packages").raw().all() as [string, string, string][];
  db.transaction(() => {
    for (const [ns, name, data] of rows) for (const a of unpackRecords(ns, name, data)) put(affectedToRow(a));
    db.exec("DELETE FROM packages; DELETE FROM alias_groups;");
  })();
  db.exec("CREATE INDEX IF NOT EXISTS scratch.affected_vuln ON affected (vuln_id)"); // for replaced records
}

/** The base's last update of each source (`sources.name` → `last_update`). */
export function baseSources(db: Db): Map<string, string> {
  return new Map(db.prepare("SELECT name, last_update FROM sources").raw().all() as [string, string][]);
}

/**
 * Removes what a full re-fetch of `spec` will bring back: every row of its feed, or with an OSV selector
 * (`osv:PyPI`) the rows of that ecosystem's namespaces (their descriptions are replaced as they arrive).
 */
export function dropSource(db: Db, feed: string, spec: SourceSpec): void {
  const sel = spec.name.includes(":") ? spec.name.slice(spec.name.indexOf(":") + 1) : "";
  if (!sel) {
    db.prepare("DELETE FROM scratch.affected WHERE source = ?").run(feed);
    db.prepare("DELETE FROM vulnerabilities WHERE source = ?").run(feed);
    db.prepare("DELETE FROM sources WHERE name = ? OR name LIKE ? || ':%'").run(feed, feed);
    if (feed === "kev" || feed === "epss") db.exec(`DELETE FROM ${feed}`); // entries withdrawn upstream go too
    return;
  }
  // The ecosystem's shard group (`Ubuntu` → `ubuntu`, which also holds `ubuntu-pro:*`), from any release of it.
  const group = (osvNamespace(sel) ?? osvNamespace(`${sel}:x`))?.namespace;
  if (!group) throw new DredgeError("USAGE", `cannot rebuild ${spec.name} incrementally: unknown ecosystem ${JSON.stringify(sel)}`);
  const drop = db.prepare("DELETE FROM scratch.affected WHERE source = ? AND namespace = ?");
  const namespaces = db.prepare("SELECT DISTINCT namespace FROM scratch.affected WHERE source = ?").pluck().all(feed) as string[];
  for (const ns of namespaces) if (shardOf(ns) === shardOf(group)) drop.run(feed, ns);
}

/** Aliases of ids no source describes any more (only incremental builds leave such rows). */
export function dropOrphanAliases(db: Db): void {
  db.exec("DELETE FROM aliases WHERE id NOT IN (SELECT id FROM vulnerabilities)");
}
