/**
 * Splitting a built database into shards: one SQLite file per distro family and per language ecosystem
 * (the `packages` and `fix_history` rows of its namespaces) plus `common` (vulnerabilities, aliases, KEV, EPSS). Every shard
 * carries metadata (schema version, build time, its group) and the sources table. A client opens
 * `common` plus the shards it needs as one store (`openAdvisoryStore([...])`).
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { shardGroup } from "../ecosystem/index.js";
import { COMMON_DDL, PACKAGES_DDL, META_SHARD, VULNERABILITY_DDL } from "./schema.js";
import { pushTo } from "../util/array.js";
import { hasFixHistory } from "./fix-history.js";

export const COMMON_SHARD = "common";

/** Shard group of a namespace: the distro family (`debian:12` → `debian`, `ubuntu-pro:20.04` → `ubuntu`) or the ecosystem. */
export function shardOf(namespace: string): string {
  return shardGroup(namespace.split(":")[0] ?? namespace);
}

export interface ShardFile {
  group: string;
  path: string;
  namespaces: string[];
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function copyBase(dst: Database.Database, group: string): void {
  dst.exec(COMMON_DDL);
  dst.exec("INSERT INTO metadata SELECT * FROM src.metadata; INSERT INTO sources SELECT * FROM src.sources;");
  dst.prepare("INSERT OR REPLACE INTO metadata VALUES (?, ?)").run(META_SHARD, group);
}

/** Writes `<outDir>/<group>.db` for `common` and every namespace group of `dbFile`. */
export function splitDatabase(dbFile: string, outDir: string): ShardFile[] {
  const src = new Database(dbFile, { readonly: true });
  const namespaces = src.prepare("SELECT DISTINCT namespace FROM packages ORDER BY namespace").pluck().all() as string[];
  src.close();
  const groups = new Map<string, string[]>();
  for (const ns of namespaces) pushTo(groups, shardOf(ns), ns);
  const out: ShardFile[] = [];
  const write = (group: string, body: (db: Database.Database) => void, nss: string[]): void => {
    const path = join(outDir, `${group}.db`);
    const db = new Database(path);
    db.pragma("journal_mode = OFF");
    db.exec(`ATTACH DATABASE ${quote(dbFile)} AS src`);
    db.transaction(() => {
      copyBase(db, group);
      body(db);
    })();
    db.exec("DETACH DATABASE src");
    db.exec("VACUUM");
    db.close();
    out.push({ group, path, namespaces: nss });
  };
  write(COMMON_SHARD, (db) => {
    db.exec(VULNERABILITY_DDL);
    for (const t of ["vulnerabilities", "aliases", "alias_groups", "kev", "epss"]) db.exec(`INSERT INTO ${t} SELECT * FROM src.${t}`);
  }, []);
  for (const [group, nss] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    write(group, (db) => {
      db.exec(PACKAGES_DDL);
      const rows = db.prepare("INSERT INTO packages SELECT * FROM src.packages WHERE namespace = ?");
      const fixes = hasFixHistory(db, "src") ? db.prepare("INSERT INTO fix_history SELECT * FROM src.fix_history WHERE namespace = ?") : undefined;
      for (const ns of nss) {
        rows.run(ns);
        fixes?.run(ns);
      }
    }, nss);
  }
  return out;
}
