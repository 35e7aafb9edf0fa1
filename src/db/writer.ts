/** Writing side of the store, used by the build: upserts with merging, then alias groups and metadata. */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import type { AffectedPackage, EpssEntry, FeedOutput, KevEntry, SourceMetadata, VulnerabilityRecord } from "./model.js";
import { FULL_DDL, META_BUILT_AT, META_SCHEMA_VERSION, SCHEMA_VERSION, scratchDdl } from "./schema.js";
import { packAffected } from "./pack-table.js";
import { dropOrphanAliases, loadBase } from "./incremental.js";
import { affectedToRow, mergeAffected, rowToAffected, vulnerabilityToRow, type AffectedRow } from "./rows.js";
import { computeAliasGroups } from "./aliases.js";
import { fixHistoryBuild, hasFixHistory } from "./fix-history.js";

export class StoreWriter {
  readonly db: Db;
  private readonly getAffected: Statement<[string, string, string, string], AffectedRow>;
  private readonly putAffected: Statement<AffectedRow>;
  private readonly putVuln: Statement;
  private readonly putAlias: Statement<[string, string]>;
  private readonly putKev: Statement;
  private readonly putEpss: Statement;

  private readonly dropRows: Statement<[string, string]>;
  private readonly dropAliases: Statement<[string]>;

  /** `base`: `file` is an existing database to continue from (./incremental.ts). */
  constructor(file: string, private readonly base = false) {
    this.db = new Database(file);
    this.db.pragma("journal_mode = OFF");
    this.db.pragma("synchronous = OFF");
    this.db.exec(FULL_DDL);
    // Records are upserted one per row into a private temporary database, packed into `packages` by finish().
    this.db.exec("ATTACH DATABASE '' AS scratch");
    this.db.exec(scratchDdl("scratch"));
    this.getAffected = this.db.prepare(
      "SELECT * FROM scratch.affected WHERE namespace = ? AND package = ? AND vuln_id = ? AND source = ?",
    );
    this.putAffected = this.db.prepare(
      `INSERT OR REPLACE INTO scratch.affected VALUES (@namespace, @package, @vuln_id, @source, @status, @ranges, @versions,
       @fixed_versions, @severity, @urgency, @notes, @advisories, @binaries)`,
    );
    this.putVuln = this.db.prepare(
      `INSERT OR REPLACE INTO vulnerabilities VALUES (@id, @source, @title, @description, @severities, @cwes, @refs,
       @related, @published, @modified, @withdrawn)`,
    );
    this.putAlias = this.db.prepare("INSERT OR IGNORE INTO aliases VALUES (?, ?)");
    this.putKev = this.db.prepare(
      `INSERT OR REPLACE INTO kev VALUES (@cveId, @vendorProject, @product, @name, @dateAdded, @dueDate,
       @knownRansomwareCampaignUse, @shortDescription, @requiredAction, @notes, @cwes)`,
    );
    this.putEpss = this.db.prepare("INSERT OR REPLACE INTO epss VALUES (@cveId, @score, @percentile, @date)");
    this.dropRows = this.db.prepare("DELETE FROM scratch.affected WHERE vuln_id = ? AND source = ?");
    this.dropAliases = this.db.prepare("DELETE FROM aliases WHERE id = ?");
    if (base) loadBase(this.db, (row) => this.putAffected.run(row));
  }

  /**
   * Writes one transformed record; call inside `transaction`. `replace`: the record is a newer copy of one
   * already stored (incremental feeds), so its previous rows and aliases go first instead of being merged.
   */
  write(out: FeedOutput, replace = false): void {
    if (replace) {
      for (const v of out.vulnerabilities) {
        this.dropRows.run(v.id, v.source);
        this.dropAliases.run(v.id);
      }
    }
    for (const v of out.vulnerabilities) this.writeVulnerability(v);
    for (const a of out.affected) this.writeAffected(a);
    for (const k of out.kev ?? []) this.writeKev(k);
    for (const e of out.epss ?? []) this.writeEpss(e);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private writeVulnerability(v: VulnerabilityRecord): void {
    this.putVuln.run(vulnerabilityToRow(v));
    for (const alias of v.aliases) if (alias && alias !== v.id) this.putAlias.run(v.id, alias);
  }

  private writeAffected(a: AffectedPackage): void {
    const existing = this.getAffected.get(a.namespace, a.packageName, a.vulnerabilityId, a.source);
    const row = existing ? mergeAffected(rowToAffected(existing), a) : a;
    this.putAffected.run(affectedToRow(row));
  }

  private writeKev(k: KevEntry): void {
    const opt = (s: string | undefined): string | null => s ?? null;
    this.putKev.run({
      cveId: k.cveId, vendorProject: opt(k.vendorProject), product: opt(k.product), name: opt(k.name),
      dateAdded: opt(k.dateAdded), dueDate: opt(k.dueDate), knownRansomwareCampaignUse: opt(k.knownRansomwareCampaignUse),
      shortDescription: opt(k.shortDescription), requiredAction: opt(k.requiredAction), notes: opt(k.notes),
      cwes: JSON.stringify(k.cwes),
    });
  }

  private writeEpss(e: EpssEntry): void {
    this.putEpss.run({ cveId: e.cveId, score: e.score, percentile: e.percentile, date: e.date ?? null });
  }

  writeSource(meta: SourceMetadata): void {
    this.db
      .prepare("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?)")
      .run(meta.name, meta.location, meta.lastUpdate, meta.records, meta.stored, meta.skipped);
  }

  /**
   * Alias groups, fix history, schema version and build time; then VACUUM-free close. `previous`: the database
   * this one replaces (a full build over an existing output), whose fix history carries forward; an
   * incremental build carries its base's.
   */
  finish(builtAt: string, previous?: string): void {
    if (this.base) dropOrphanAliases(this.db);
    if (previous !== undefined) this.db.prepare("ATTACH DATABASE ? AS prev").run(previous);
    const from = this.base ? "main" : previous !== undefined && hasFixHistory(this.db, "prev") ? "prev" : undefined;
    const edges = this.db.prepare("SELECT id, alias FROM aliases").raw().all() as [string, string][];
    const ids = this.db.prepare("SELECT DISTINCT id FROM vulnerabilities").raw().all() as [string][];
    const groups = computeAliasGroups(ids.map((r) => r[0]), edges);
    const put = this.db.prepare("INSERT OR REPLACE INTO alias_groups VALUES (?, ?)");
    const meta = this.db.prepare("INSERT OR REPLACE INTO metadata VALUES (?, ?)");
    this.transaction(() => {
      packAffected(this.db, "scratch.affected", "packages", fixHistoryBuild(this.db, builtAt, from));
      for (const [id, group] of groups) put.run(id, group);
      meta.run(META_SCHEMA_VERSION, String(SCHEMA_VERSION));
      meta.run(META_BUILT_AT, builtAt);
    });
    if (previous !== undefined) this.db.exec("DETACH DATABASE prev");
    this.db.exec("DETACH DATABASE scratch");
    this.db.exec("ANALYZE");
  }

  close(): void {
    this.db.close();
  }
}
