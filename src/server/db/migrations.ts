/**
 * Versioned, forward-only schema migrations, applied at start in one transaction each. A database newer
 * than this build is refused. On PostgreSQL an advisory lock keeps processes starting together from
 * migrating twice. Never edit a released migration: add the next one.
 */
import { DredgeError } from "../../errors.js";
import { one, type Dialect, type Querier, type SqlDatabase } from "./sql.js";

export interface Migration {
  version: number;
  /** One statement each; `BLOB` becomes `BYTEA` on PostgreSQL. */
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE images (
        digest TEXT PRIMARY KEY, reference TEXT NOT NULL, registry TEXT, repo TEXT, tag TEXT, distro TEXT,
        verified INTEGER NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)`,
      `CREATE INDEX images_repo ON images (repo, tag)`,
      `CREATE TABLE scans (
        id TEXT PRIMARY KEY, target TEXT NOT NULL, dedupe_key TEXT NOT NULL, digest TEXT, state TEXT NOT NULL,
        lane TEXT NOT NULL, priority INTEGER NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL,
        run_after BIGINT NOT NULL, lease_until BIGINT, worker TEXT, error TEXT,
        created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT)`,
      `CREATE UNIQUE INDEX scans_active ON scans (dedupe_key) WHERE state IN ('queued', 'running')`,
      `CREATE INDEX scans_ready ON scans (state, priority, created_at)`,
      `CREATE TABLE inventories (digest TEXT PRIMARY KEY, inventory TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      `CREATE TABLE layers (key TEXT PRIMARY KEY, diff_id TEXT NOT NULL, entry BLOB NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    version: 2,
    statements: [
      `CREATE TABLE tokens (id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    // Fleet indexes: every reference an image was seen under, its packages, and its findings and finding
    // counts per vulnerability-database version. Rows go with their image (ON DELETE CASCADE).
    version: 3,
    statements: [
      `CREATE TABLE image_tags (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, reference TEXT NOT NULL, registry TEXT, repo TEXT,
        tag TEXT, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, PRIMARY KEY (digest, reference))`,
      `CREATE INDEX image_tags_repo ON image_tags (repo, tag)`,
      `INSERT INTO image_tags (digest, reference, registry, repo, tag, first_seen, last_seen)
        SELECT digest, reference, registry, repo, tag, first_seen, last_seen FROM images`,
      `CREATE INDEX images_registry ON images (registry, digest)`,
      // 0: the packages of the stored inventory are not in image_packages yet (stored before this version).
      `ALTER TABLE images ADD COLUMN packages_indexed INTEGER NOT NULL DEFAULT 0`,
      `CREATE INDEX images_unindexed ON images (digest) WHERE packages_indexed = 0`,
      `CREATE TABLE image_packages (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, ord INTEGER NOT NULL, type TEXT NOT NULL,
        namespace TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, purl TEXT NOT NULL, layer_index INTEGER,
        layer_diff_id TEXT, PRIMARY KEY (digest, ord))`,
      // Covers both steps of a package query: the distinct versions of a package, and its images in digest order.
      `CREATE INDEX image_packages_name ON image_packages (type, namespace, name, digest, version)`,
      `CREATE TABLE image_findings (
        db_version TEXT NOT NULL, db_built BIGINT NOT NULL, digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, match_id TEXT NOT NULL,
        vuln_id TEXT NOT NULL, aliases TEXT NOT NULL, pkg_type TEXT NOT NULL, pkg_name TEXT NOT NULL, purl TEXT NOT NULL,
        installed TEXT NOT NULL, fixed TEXT NOT NULL, severity TEXT NOT NULL, status TEXT NOT NULL, kev INTEGER NOT NULL)`,
      `CREATE INDEX image_findings_id ON image_findings (db_version, match_id, digest)`,
      `CREATE INDEX image_findings_digest ON image_findings (digest, db_version)`,
      `CREATE TABLE image_summaries (
        db_version TEXT NOT NULL, db_built BIGINT NOT NULL, digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE,
        critical INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL, low INTEGER NOT NULL,
        negligible INTEGER NOT NULL, unknown INTEGER NOT NULL, kev INTEGER NOT NULL, fixable INTEGER NOT NULL,
        error TEXT, indexed_at BIGINT NOT NULL, PRIMARY KEY (db_version, digest))`,
      `CREATE INDEX image_summaries_risk ON image_summaries (db_version, kev, critical, high, digest)`,
      `CREATE INDEX image_summaries_digest ON image_summaries (digest)`,
      // db_built: the database's build time (epoch ms), to tell older builds from newer ones without text order.
      `CREATE INDEX image_summaries_built ON image_summaries (db_built)`,
    ],
  },
  {
    version: 4,
    statements: [
      // Registries the operator configured; `secret` is the sealed credentials (src/server/secrets.ts), `key_id` the key that sealed them.
      `CREATE TABLE registries (
        id TEXT PRIMARY KEY, host TEXT NOT NULL UNIQUE, insecure INTEGER NOT NULL, credentials TEXT, secret TEXT, key_id TEXT,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      // Leased named locks shared by every process (one analysis per image digest at a time).
      `CREATE TABLE locks (name TEXT PRIMARY KEY, holder TEXT NOT NULL, until_ms BIGINT NOT NULL)`,
      // What a resolved manifest digest (with the analyzers and options of the scan) was stored as: the image digests.
      `CREATE TABLE resolutions (key TEXT PRIMARY KEY, digest TEXT NOT NULL, images TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    // The ready answer of `GET /images/{digest}/vulnerabilities` without filters, per image and database
    // version, for the inventory stored at `inventory_at` (src/server/fleet/answers.ts). Goes with its image.
    version: 5,
    statements: [
      `CREATE TABLE image_answers (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, db_version TEXT NOT NULL, db_built BIGINT NOT NULL,
        inventory_at BIGINT NOT NULL, answer TEXT NOT NULL, PRIMARY KEY (digest, db_version))`,
      `CREATE INDEX image_answers_built ON image_answers (db_built)`,
    ],
  },
  {
    // Policies (docs/policy.md) the operator stored, at most one active; and every evaluation of an image, kept
    // as history and reused while its key (image digest, when its inventory was stored, policy revision,
    // vulnerability-database version) is current.
    version: 6,
    statements: [
      `CREATE TABLE policies (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, document TEXT NOT NULL, revision TEXT NOT NULL, active INTEGER NOT NULL,
        created_at BIGINT NOT NULL, activated_at BIGINT)`,
      `CREATE UNIQUE INDEX policies_one_active ON policies (active) WHERE active = 1`,
      `CREATE TABLE policy_evaluations (
        id TEXT PRIMARY KEY, digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, stored_at BIGINT NOT NULL,
        policy_id TEXT NOT NULL, revision TEXT NOT NULL, db_version TEXT NOT NULL, final_action TEXT NOT NULL,
        evaluation TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      `CREATE UNIQUE INDEX policy_evaluations_key ON policy_evaluations (digest, stored_at, revision, db_version)`,
      `CREATE INDEX policy_evaluations_history ON policy_evaluations (digest, created_at)`,
    ],
  },
  {
    version: 7,
    statements: [
      // Registry credentials given with one scan (the Harbor adapter), sealed; deleted when the scan ends.
      `CREATE TABLE scan_credentials (target TEXT PRIMARY KEY, secret TEXT NOT NULL, key_id TEXT NOT NULL, created_at BIGINT NOT NULL)`,
    ],
  },
  {
    // Continuous monitoring (src/server/monitor/, docs/monitoring.md): the reverse index (namespace, package)
    // → images, the re-evaluation runs of each database update with their per-image progress (resumable,
    // each image recorded once), the per-image change history and the counts behind the trends.
    version: 8,
    statements: [
      `CREATE TABLE image_match_keys (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, namespace TEXT NOT NULL, package TEXT NOT NULL,
        PRIMARY KEY (digest, namespace, package))`,
      `CREATE INDEX image_match_keys_package ON image_match_keys (namespace, package, digest)`,
      `CREATE TABLE monitor_runs (
        id TEXT PRIMARY KEY, cause TEXT NOT NULL, from_version TEXT, from_built BIGINT, to_version TEXT NOT NULL, to_built BIGINT NOT NULL,
        state TEXT NOT NULL, delta TEXT NOT NULL, affected INTEGER NOT NULL, carried INTEGER NOT NULL, rematched INTEGER NOT NULL,
        changed INTEGER NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT)`,
      `CREATE INDEX monitor_runs_state ON monitor_runs (state, created_at)`,
      `CREATE TABLE monitor_run_images (
        run_id TEXT NOT NULL REFERENCES monitor_runs (id) ON DELETE CASCADE, digest TEXT NOT NULL, done INTEGER NOT NULL,
        PRIMARY KEY (run_id, digest))`,
      `CREATE INDEX monitor_run_images_pending ON monitor_run_images (run_id, done, digest)`,
      `CREATE TABLE image_history (
        id TEXT PRIMARY KEY, digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, at BIGINT NOT NULL, cause TEXT NOT NULL,
        db_version TEXT NOT NULL, previous_db_version TEXT, run_id TEXT, new_count INTEGER NOT NULL, resolved_count INTEGER NOT NULL,
        changed_count INTEGER NOT NULL, verdict_before TEXT, verdict_after TEXT, change TEXT NOT NULL)`,
      `CREATE UNIQUE INDEX image_history_once ON image_history (digest, db_version, cause, run_id)`,
      `CREATE INDEX image_history_digest ON image_history (digest, at, id)`,
      `CREATE TABLE image_trends (
        db_version TEXT NOT NULL, at BIGINT NOT NULL, digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE,
        critical INTEGER NOT NULL, high INTEGER NOT NULL, medium INTEGER NOT NULL, low INTEGER NOT NULL, negligible INTEGER NOT NULL,
        unknown INTEGER NOT NULL, kev INTEGER NOT NULL, PRIMARY KEY (db_version, digest))`,
      `CREATE INDEX image_trends_at ON image_trends (at)`,
      `CREATE INDEX image_trends_digest ON image_trends (digest, at)`,
    ],
  },
  {
    // Notifications (docs/notifications.md): subscriptions (the signing secret sealed like registry credentials),
    // the transactional outbox (one row per subscription and event; the id is the idempotency id, so a re-run
    // of the same change inserts nothing), and the log of delivery attempts.
    version: 9,
    statements: [
      `CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, min_severity TEXT NOT NULL, events TEXT NOT NULL,
        kind TEXT NOT NULL, url TEXT NOT NULL, secret TEXT, key_id TEXT, enabled INTEGER NOT NULL,
        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)`,
      `CREATE TABLE notifications (
        id TEXT PRIMARY KEY, subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        event_type TEXT NOT NULL, digest TEXT, payload TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_at BIGINT NOT NULL, deadline_at BIGINT NOT NULL, lease_until BIGINT, worker TEXT, last_status INTEGER,
        last_error TEXT, created_at BIGINT NOT NULL, delivered_at BIGINT)`,
      `CREATE INDEX notifications_due ON notifications (state, next_at)`,
      `CREATE INDEX notifications_subscription ON notifications (subscription_id, created_at)`,
      `CREATE TABLE notification_attempts (
        notification_id TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE, attempt INTEGER NOT NULL,
        at BIGINT NOT NULL, status INTEGER, error TEXT, duration_ms INTEGER NOT NULL, PRIMARY KEY (notification_id, attempt))`,
    ],
  },
  {
    version: 10,
    statements: [
      // Issue #16. Per registry: what to attach to scanned images as OCI referrers (JSON; NULL: nothing).
      `ALTER TABLE registries ADD COLUMN referrers TEXT`,
      // Watched repositories: polled for tags (matching a glob) whose digest is new.
      `CREATE TABLE watches (
        id TEXT PRIMARY KEY, registry TEXT NOT NULL, repository TEXT NOT NULL, tags TEXT NOT NULL, interval_ms BIGINT NOT NULL,
        max_tags INTEGER NOT NULL, created_at BIGINT NOT NULL, next_poll_at BIGINT NOT NULL, last_poll_at BIGINT, last_error TEXT,
        UNIQUE (registry, repository, tags))`,
      `CREATE INDEX watches_due ON watches (next_poll_at)`,
      `CREATE TABLE watch_tags (
        watch_id TEXT NOT NULL REFERENCES watches (id) ON DELETE CASCADE, tag TEXT NOT NULL, digest TEXT NOT NULL, seen_at BIGINT NOT NULL,
        PRIMARY KEY (watch_id, tag))`,
      // Reports precomputed when a scan ends (Harbor's vulnerability report, SBOMs), per image and kind, for one
      // database/Dredge version and the inventory stored at inventory_at.
      `CREATE TABLE image_reports (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, kind TEXT NOT NULL, version TEXT NOT NULL,
        inventory_at BIGINT NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (digest, kind))`,
    ],
  },
  {
    // The dashboard: browser sessions (the sha256 of the cookie; they go with their token), token names, and
    // an image's scan history.
    version: 12,
    statements: [
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY, token_id TEXT NOT NULL REFERENCES tokens (id) ON DELETE CASCADE, csrf TEXT NOT NULL,
        created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)`,
      `CREATE INDEX sessions_expiry ON sessions (expires_at)`,
      `CREATE INDEX sessions_token ON sessions (token_id)`,
      `ALTER TABLE tokens ADD COLUMN name TEXT`,
      `CREATE INDEX scans_digest ON scans (digest, created_at)`,
      `CREATE INDEX policy_evaluations_revision ON policy_evaluations (revision, db_version, final_action)`,
    ],
  },
  {
    // Issue #15: the unfiltered match of an image per database version, stored compactly (src/server/fleet/matches.ts)
    // so filtered `…/vulnerabilities` and `…/report` are filtered on read, not matched; and layer analyses pruned by
    // last use (`used_at`, moved at most once an hour per layer), not by when they were written.
    version: 13,
    statements: [
      `CREATE TABLE image_matches (
        digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, db_version TEXT NOT NULL, db_built BIGINT NOT NULL,
        inventory_at BIGINT NOT NULL, core BLOB NOT NULL, listing BLOB NOT NULL, PRIMARY KEY (digest, db_version))`,
      `CREATE INDEX image_matches_built ON image_matches (db_built)`,
      `ALTER TABLE layers ADD COLUMN used_at BIGINT NOT NULL DEFAULT 0`,
      `UPDATE layers SET used_at = created_at`,
      `CREATE INDEX layers_used ON layers (used_at)`,
    ],
  },
  {
    // Issue #18: an image a superseded run had not re-matched yet moves into the next run, with the database
    // version its findings are of (src/server/monitor/runs.ts), so its change is still recorded.
    version: 15,
    statements: [`ALTER TABLE monitor_run_images ADD COLUMN from_version TEXT`],
  },
  {
    // Issues #15 and #19 (reads with 10,000 images): stored answers, matches, Harbor parts and verdicts are served only
    // for the image's current inventory (`JOIN inventories v ON v.digest = … AND v.created_at = …`); on SQLite the
    // row's `created_at` comes after the inventory's JSON (hundreds of KB in overflow pages, all walked to reach it),
    // so `inventories_stored` answers that from the index alone (a read went from ~0.5 ms to ~25 µs); the verdict counts of a policy revision
    // from the index alone; the fleet's trend points recorded once per database version (src/server/monitor/runs.ts)
    // rather than summed over every image's trend rows at each read.
    version: 16,
    statements: [
      `CREATE INDEX inventories_stored ON inventories (digest, created_at)`,
      `CREATE INDEX policy_evaluations_verdicts ON policy_evaluations (revision, db_version, final_action, digest)`,
      `DROP INDEX policy_evaluations_revision`,
      `CREATE TABLE trend_points (
        db_version TEXT PRIMARY KEY, at BIGINT NOT NULL, critical BIGINT NOT NULL, high BIGINT NOT NULL, medium BIGINT NOT NULL,
        low BIGINT NOT NULL, negligible BIGINT NOT NULL, unknown BIGINT NOT NULL, kev BIGINT NOT NULL, images BIGINT NOT NULL)`,
      `CREATE INDEX trend_points_at ON trend_points (at)`,
      `INSERT INTO trend_points (db_version, at, critical, high, medium, low, negligible, unknown, kev, images)
        SELECT db_version, MIN(at), SUM(critical), SUM(high), SUM(medium), SUM(low), SUM(negligible), SUM(unknown), SUM(kev), COUNT(*)
        FROM image_trends GROUP BY db_version`,
    ],
  },
  {
    // Issue #18 (a database update within 30 s at 10,000 images): an image the update does not affect is no longer
    // copied row by row under the new version. Its summary row of the new version names the version whose rows
    // still hold its findings (`rows_version`) and its stored answer and match (`stored_version`); NULL means the
    // summary's own version (src/server/fleet/rows.ts). Findings are looked up by identifier across versions,
    // then kept where a summary of the wanted version points at them.
    version: 17,
    statements: [
      `ALTER TABLE image_summaries ADD COLUMN rows_version TEXT`,
      `ALTER TABLE image_summaries ADD COLUMN stored_version TEXT`,
      `CREATE INDEX image_findings_match ON image_findings (match_id, digest, db_version)`,
      `DROP INDEX image_findings_id`,
    ],
  },
  {
    // Issue #18: stored answers deflated (`answer_z`; ~15× smaller: a re-matched image writes ~7 KB, not ~110 KB);
    // rows written before keep their text in `answer`.
    version: 18,
    statements: [`ALTER TABLE image_answers ADD COLUMN answer_z BLOB`],
  },
  {
    // Issue #18: findings are looked up by identifier within each version that holds rows (the summary's own and
    // the versions summaries point at: src/server/fleet/rows.ts), so a re-matched image's ~380 index entries go
    // into its new version's part of the index (pages the update touches again and again) rather than into
    // pages all over it: on PostgreSQL each first touch of a page after a checkpoint writes the whole page to
    // the WAL, on SQLite each dirty page goes to the WAL at commit. `image_summaries_rows` lists the versions a
    // version's summaries point at.
    version: 19,
    statements: [
      `CREATE INDEX image_findings_id ON image_findings (db_version, match_id, digest)`,
      `DROP INDEX image_findings_match`,
      `CREATE INDEX image_summaries_rows ON image_summaries (db_version, rows_version)`,
    ],
  },
];

export const latestVersion = migrations[migrations.length - 1]!.version;

const forDialect = (sql: string, dialect: Dialect): string => (dialect === "postgres" ? sql.replace(/\bBLOB\b/g, "BYTEA") : sql);

async function currentVersion(q: Querier): Promise<number> {
  await q.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
  return (await one<{ v: number | null }>(q, "SELECT MAX(version) AS v FROM schema_migrations"))?.v ?? 0;
}

/** Brings the schema to `target` (default: the latest); returns the version it was at. */
export async function migrate(db: SqlDatabase, target = latestVersion): Promise<number> {
  return db.tx(async (q) => {
    if (db.dialect === "postgres") await q.all("SELECT pg_advisory_xact_lock(7150015)");
    const from = await currentVersion(q);
    if (from > latestVersion) {
      throw new DredgeError("DB_ERROR", `the server database has schema version ${from}, newer than this Dredge (${latestVersion})`, {
        hint: "upgrade Dredge",
      });
    }
    for (const m of migrations.filter((x) => x.version > from && x.version <= target)) {
      for (const s of m.statements) await q.run(forDialect(s, db.dialect));
      await q.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [m.version, Date.now()]);
    }
    return from;
  });
}

export async function schemaVersion(db: SqlDatabase): Promise<number> {
  return db.tx(currentVersion);
}
