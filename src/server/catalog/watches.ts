/**
 * Watched repositories (`/api/v1/watches`): a repository of a registry, a tag glob, a polling interval and a
 * bound on the tags read per poll; and per watch the digest each tag had at the last poll, so that a poll
 * enqueues only new or changed digests.
 */
import { randomUUID } from "node:crypto";
import { DredgeError } from "../../errors.js";
import { one, type Row, type SqlDatabase } from "../db/sql.js";

export interface WatchInput {
  registry: string;
  repository: string;
  /** Tag glob: `*` any characters, `?` one. */
  tags: string;
  intervalMs: number;
  maxTags: number;
}

export interface WatchRecord extends WatchInput {
  id: string;
  createdAt: number;
  nextPollAt: number;
  lastPollAt: number | null;
  lastError: string | null;
}

export interface WatchStore {
  create(input: WatchInput, now: number): Promise<WatchRecord>;
  get(id: string): Promise<WatchRecord | undefined>;
  list(): Promise<WatchRecord[]>;
  delete(id: string): Promise<boolean>;
  /** Watches due at `now` (oldest first). */
  due(now: number, limit: number): Promise<WatchRecord[]>;
  /** Takes a due watch for one poll (moves its next poll); false when another process took it first. */
  claim(watch: WatchRecord, now: number): Promise<boolean>;
  /** Tag → digest at the last poll. */
  seen(id: string): Promise<Map<string, string>>;
  /** Records a poll: the digests read (tags not read keep theirs), and its error. */
  record(id: string, digests: ReadonlyMap<string, string>, now: number, error: string | null): Promise<void>;
}

const COLUMNS = "id, registry, repository, tags, interval_ms, max_tags, created_at, next_poll_at, last_poll_at, last_error";

const toRecord = (r: Row): WatchRecord => ({
  id: r.id as string, registry: r.registry as string, repository: r.repository as string, tags: r.tags as string,
  intervalMs: Number(r.interval_ms), maxTags: Number(r.max_tags), createdAt: Number(r.created_at), nextPollAt: Number(r.next_poll_at),
  lastPollAt: r.last_poll_at === null ? null : Number(r.last_poll_at), lastError: (r.last_error as string | null) ?? null,
});

export function sqlWatches(db: SqlDatabase): WatchStore {
  return {
    async create(input, now) {
      const id = randomUUID();
      try {
        await db.run(`INSERT INTO watches (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`, [
          id, input.registry, input.repository, input.tags, input.intervalMs, input.maxTags, now, now,
        ]);
      } catch (err) {
        if (/unique|duplicate key/i.test(String((err as Error).message))) {
          throw new DredgeError("USAGE", `${input.registry}/${input.repository} is already watched for tags ${input.tags}`);
        }
        throw err;
      }
      return (await this.get(id))!;
    },
    get: async (id) => {
      const r = await one(db, `SELECT ${COLUMNS} FROM watches WHERE id = ?`, [id]);
      return r ? toRecord(r) : undefined;
    },
    list: async () => (await db.all(`SELECT ${COLUMNS} FROM watches ORDER BY registry, repository, tags`)).map(toRecord),
    delete: async (id) => (await db.run("DELETE FROM watches WHERE id = ?", [id])) > 0,
    due: async (now, limit) => (await db.all(`SELECT ${COLUMNS} FROM watches WHERE next_poll_at <= ? ORDER BY next_poll_at LIMIT ?`, [now, limit])).map(toRecord),
    claim: async (w, now) => (await db.run("UPDATE watches SET next_poll_at = ? WHERE id = ? AND next_poll_at = ?", [now + w.intervalMs, w.id, w.nextPollAt])) === 1,
    async seen(id) {
      const rows = await db.all<{ tag: string; digest: string }>("SELECT tag, digest FROM watch_tags WHERE watch_id = ?", [id]);
      return new Map(rows.map((r) => [r.tag, r.digest]));
    },
    record: (id, digests, now, error) =>
      db.tx(async (q) => {
        for (const [tag, digest] of digests) {
          await q.run(
            `INSERT INTO watch_tags (watch_id, tag, digest, seen_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (watch_id, tag) DO UPDATE SET digest = excluded.digest, seen_at = excluded.seen_at`,
            [id, tag, digest, now],
          );
        }
        await q.run("UPDATE watches SET last_poll_at = ?, last_error = ? WHERE id = ?", [now, error, id]);
      }),
  };
}
