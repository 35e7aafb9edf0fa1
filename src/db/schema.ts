/**
 * SQLite schema of the vulnerability database. Bump SCHEMA_VERSION on any incompatible change; readers
 * refuse a database whose version they do not know. docs/database.md describes every table.
 */
export const SCHEMA_VERSION = 2;

/** Tables every database (and every shard) has. */
export const COMMON_DDL = `
CREATE TABLE IF NOT EXISTS metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  name TEXT PRIMARY KEY,
  location TEXT NOT NULL,
  last_update TEXT NOT NULL,
  records INTEGER NOT NULL,
  stored INTEGER NOT NULL,
  skipped INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Per-source vulnerability descriptions, aliases, KEV and EPSS (the `common` shard). */
export const VULNERABILITY_DDL = `
CREATE TABLE IF NOT EXISTS vulnerabilities (
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  title TEXT,
  description TEXT,
  severities TEXT NOT NULL,   -- JSON Severity[]
  cwes TEXT NOT NULL,         -- JSON string[]
  refs TEXT NOT NULL,         -- JSON Reference[]
  related TEXT NOT NULL,      -- JSON string[]
  published TEXT,
  modified TEXT,
  withdrawn TEXT,
  PRIMARY KEY (id, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS aliases (
  id TEXT NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (id, alias)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases (alias);
CREATE TABLE IF NOT EXISTS alias_groups (
  id TEXT PRIMARY KEY,
  group_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alias_groups_group ON alias_groups (group_id);
CREATE TABLE IF NOT EXISTS kev (
  cve_id TEXT PRIMARY KEY,
  vendor_project TEXT,
  product TEXT,
  name TEXT,
  date_added TEXT,
  due_date TEXT,
  ransomware TEXT,
  description TEXT,
  required_action TEXT,
  notes TEXT,
  cwes TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS epss (
  cve_id TEXT PRIMARY KEY,
  score REAL NOT NULL,
  percentile REAL NOT NULL,
  date TEXT
) WITHOUT ROWID;
`;

/**
 * Affected packages, packed: one row per (namespace, package) holding every record of that package as one
 * JSON array (./packed.ts), so a lookup is one B-tree seek and one JSON.parse — not one row per record.
 * Split by namespace group into the package shards, with `fix_history`: when the fix of each (namespace,
 * package, vulnerability) that has one first appeared (./fix-history.ts; absent from databases built before it).
 */
export const PACKAGES_DDL = `
CREATE TABLE IF NOT EXISTS packages (
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  records INTEGER NOT NULL,      -- how many records \`data\` holds
  data TEXT NOT NULL,            -- JSON array of packed records (docs/database.md)
  PRIMARY KEY (namespace, package)
);
CREATE TABLE IF NOT EXISTS fix_history (
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  vuln_id TEXT NOT NULL,
  since TEXT NOT NULL,           -- ISO time the fix first appeared (./fix-history.ts)
  origin TEXT NOT NULL,          -- 'advisory' (the fixing advisory's release date) or 'build' (the first build carrying it)
  PRIMARY KEY (namespace, package, vuln_id)
) WITHOUT ROWID;
`;

/** The build's scratch table in database `schema`: one row per record, merged on upsert; packed into `packages` at the end. */
export const scratchDdl = (schema: string): string => `
CREATE TABLE IF NOT EXISTS ${schema}.affected (
  namespace TEXT NOT NULL,
  package TEXT NOT NULL,
  vuln_id TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  ranges TEXT NOT NULL,          -- JSON VersionRange[]
  versions TEXT NOT NULL,        -- JSON string[]
  fixed_versions TEXT NOT NULL,  -- JSON string[]
  severity TEXT,
  urgency TEXT,
  notes TEXT,                    -- JSON string[] or NULL
  advisories TEXT,               -- JSON string[] or NULL
  binaries TEXT,                 -- JSON string[] or NULL
  PRIMARY KEY (namespace, package, vuln_id, source)
) WITHOUT ROWID;
`;

export const FULL_DDL = COMMON_DDL + VULNERABILITY_DDL + PACKAGES_DDL;

/** Metadata keys. */
export const META_SCHEMA_VERSION = "schema_version";
export const META_BUILT_AT = "built_at";
/** Present in a shard: its group id (see ./artifact.ts). */
export const META_SHARD = "shard";
