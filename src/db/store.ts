/**
 * Reading side: `openAdvisoryStore` opens a full database, or a set of shards (./artifact.ts) as one
 * store. Every query is a prepared statement; lookups by (namespace, package) use the primary key.
 */
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { DredgeError, errorMessage } from "../errors.js";
import type { Advisory, AffectedRecord, DatabaseMetadata, EpssEntry, KevEntry, SourceMetadata } from "./model.js";
import { META_BUILT_AT, META_SCHEMA_VERSION, SCHEMA_VERSION } from "./schema.js";
import { rowToVulnerability, type VulnerabilityRow } from "./rows.js";
import { unpackRecords } from "./packed.js";
import { readKev, readEpss } from "./store-extra.js";
import type { FixHistoryEntry } from "./fix-history.js";

export interface AdvisoryStore {
  /** Rows for one package in one namespace (name normalised as in ./namespace.ts), every source. */
  lookup(namespace: string, packageName: string): AffectedRecord[];
  /** Per-source records of one id, with its aliases and alias group; undefined when unknown. */
  vulnerability(id: string): Advisory | undefined;
  /** Canonical id of the alias group of `id` (the id itself when it has no aliases). */
  aliasGroup(id: string): string;
  kev(cveId: string): KevEntry | undefined;
  /**
   * When the fix of one vulnerability id for one package first appeared (./fix-history.ts); undefined when the
   * record has no fix or the database keeps no history (built before it did).
   */
  fixSince?(namespace: string, packageName: string, vulnerabilityId: string): FixHistoryEntry | undefined;
  epss(cveId: string): EpssEntry | undefined;
  metadata(): DatabaseMetadata;
  namespaces(): string[];
  close(): void;
}

interface Part {
  db: Db;
  namespaces: Set<string>;
  hasVulnerabilities: boolean;
  /** The packed records of one (namespace, package) (./packed.ts). */
  lookup?: Statement<[string, string], string>;
  fixSince?: Statement<[string, string, string], FixHistoryEntry>;
}

function openPart(file: string): Part {
  if (!existsSync(file)) {
    throw new DredgeError("DB_NOT_FOUND", `vulnerability database not found: ${file}`, {
      hint: "Run `dredge db build --output FILE` or `dredge db update` first.",
    });
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // Keep the shared lock and the page cache between queries: a lookup is then a B-tree walk in memory,
    // not a lock/unlock pair of system calls (4× faster). Builds write a new file and rename it, so
    // holding the lock never blocks them.
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("cache_size = -65536");
    db.pragma("mmap_size = 268435456");
  } catch (err) {
    throw new DredgeError("DB_ERROR", `cannot open vulnerability database ${file}: ${errorMessage(err)}`, { cause: err });
  }
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
  checkVersion(db, file, tables);
  const part: Part = { db, namespaces: new Set(), hasVulnerabilities: tables.has("vulnerabilities") };
  if (tables.has("packages")) {
    part.namespaces = new Set(db.prepare("SELECT DISTINCT namespace FROM packages").pluck().all() as string[]);
    part.lookup = db.prepare("SELECT data FROM packages WHERE namespace = ? AND package = ?").pluck() as Statement<[string, string], string>;
  }
  if (tables.has("fix_history")) {
    part.fixSince = db.prepare("SELECT since, origin FROM fix_history WHERE namespace = ? AND package = ? AND vuln_id = ?") as Statement<[string, string, string], FixHistoryEntry>;
  }
  return part;
}

function checkVersion(db: Db, file: string, tables: Set<string>): void {
  const v = tables.has("metadata")
    ? (db.prepare("SELECT value FROM metadata WHERE key = ?").pluck().get(META_SCHEMA_VERSION) as string | undefined)
    : undefined;
  if (v !== String(SCHEMA_VERSION)) {
    db.close();
    throw new DredgeError("DB_ERROR", `vulnerability database ${file} has schema version ${v ?? "none"}, expected ${SCHEMA_VERSION}`, {
      hint: "Download or build a database for this version of Dredge.",
    });
  }
}

/** A row that does not decode is a damaged database, not a bug: DB_ERROR naming the row. */
function decode(namespace: string, packageName: string, data: string): AffectedRecord[] {
  try {
    return unpackRecords(namespace, packageName, data);
  } catch (err) {
    throw new DredgeError("DB_ERROR", `damaged vulnerability database row (${namespace}, ${packageName}): ${errorMessage(err)}`, {
      hint: "Run `dredge db update --force` or rebuild the database.",
    });
  }
}

/**
 * The open SQLite files of a store, for readers that compare two databases row by row (./delta.ts); an
 * empty list for other stores. The handles stay the store's: never close them.
 */
export function storeConnections(store: AdvisoryStore): readonly Db[] {
  return store instanceof SqliteAdvisoryStore ? store.connections() : [];
}

/** Opens a database file read-only, or several shard files as one store. */
export function openAdvisoryStore(files: string | string[]): AdvisoryStore {
  const list = Array.isArray(files) ? files : [files];
  const parts: Part[] = [];
  try {
    for (const f of list) parts.push(openPart(f));
  } catch (err) {
    for (const p of parts) p.db.close();
    throw err;
  }
  return new SqliteAdvisoryStore(parts);
}

class SqliteAdvisoryStore implements AdvisoryStore {
  private readonly byNamespace = new Map<string, Part[]>();
  private readonly main: Part;
  private readonly vulnStmt: Statement<[string], VulnerabilityRow>;
  private readonly aliasStmt: Statement<[string, string], string>;
  private readonly groupStmt: Statement<[string], string>;

  constructor(private readonly parts: Part[]) {
    for (const p of parts) {
      for (const ns of p.namespaces) this.byNamespace.set(ns, [...(this.byNamespace.get(ns) ?? []), p]);
    }
    const main = parts.find((p) => p.hasVulnerabilities);
    if (!main) throw new DredgeError("DB_ERROR", "no vulnerability table in the opened database files", { hint: "Include the `common` shard." });
    this.main = main;
    this.vulnStmt = main.db.prepare("SELECT * FROM vulnerabilities WHERE id = ?");
    this.aliasStmt = main.db
      .prepare("SELECT alias FROM aliases WHERE id = ? UNION SELECT id FROM aliases WHERE alias = ?")
      .pluck() as Statement<[string, string], string>;
    this.groupStmt = main.db.prepare("SELECT group_id FROM alias_groups WHERE id = ?").pluck() as Statement<[string], string>;
  }

  lookup(namespace: string, packageName: string): AffectedRecord[] {
    const parts = this.byNamespace.get(namespace);
    if (!parts) return [];
    const out: AffectedRecord[] = [];
    for (const p of parts) {
      const data = p.lookup?.get(namespace, packageName);
      if (data === undefined) continue;
      if (parts.length === 1) return decode(namespace, packageName, data);
      for (const r of decode(namespace, packageName, data)) out.push(r);
    }
    return out;
  }

  fixSince(namespace: string, packageName: string, vulnerabilityId: string): FixHistoryEntry | undefined {
    for (const p of this.byNamespace.get(namespace) ?? []) {
      const e = p.fixSince?.get(namespace, packageName, vulnerabilityId);
      if (e) return e;
    }
    return undefined;
  }

  vulnerability(id: string): Advisory | undefined {
    const rows = this.vulnStmt.all(id);
    if (rows.length === 0) return undefined;
    const aliases = this.aliasStmt.all(id, id);
    return { id, aliases, group: this.aliasGroup(id), records: rows.map((r) => rowToVulnerability(r, aliases)) };
  }

  aliasGroup(id: string): string {
    return this.groupStmt.get(id) ?? id;
  }

  kev(cveId: string): KevEntry | undefined {
    return readKev(this.main.db, cveId);
  }

  epss(cveId: string): EpssEntry | undefined {
    return readEpss(this.main.db, cveId);
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()].sort();
  }

  connections(): Db[] {
    return this.parts.map((p) => p.db);
  }

  metadata(): DatabaseMetadata {
    const db = this.main.db;
    const meta = new Map(db.prepare("SELECT key, value FROM metadata").raw().all() as [string, string][]);
    const sources = (db.prepare("SELECT * FROM sources ORDER BY name").all() as Record<string, string | number>[]).map(
      (r): SourceMetadata => ({
        name: String(r.name), location: String(r.location), lastUpdate: String(r.last_update),
        records: Number(r.records), stored: Number(r.stored), skipped: Number(r.skipped),
      }),
    );
    const counts = new Map<string, number>();
    for (const p of this.parts) {
      if (!p.lookup) continue;
      const rows = p.db.prepare("SELECT namespace, sum(records) FROM packages GROUP BY namespace").raw().all() as [string, number][];
      for (const [ns, n] of rows) counts.set(ns, (counts.get(ns) ?? 0) + n);
    }
    return {
      schemaVersion: Number(meta.get(META_SCHEMA_VERSION)),
      builtAt: meta.get(META_BUILT_AT) ?? "",
      sources,
      namespaces: [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([namespace, rows]) => ({ namespace, rows })),
    };
  }

  close(): void {
    for (const p of this.parts) p.db.close();
  }
}
