/**
 * The outbox as the API shows it: notifications with their delivery log (one entry per attempt), the
 * dead-letter list, and redelivery of a dead (or delivered) notification.
 */
import { one, type Row, type SqlDatabase } from "../db/sql.js";
import type { NotificationEvent } from "./payload.js";
import type { NotificationState } from "./types.js";

export interface DeliveryAttempt {
  attempt: number;
  at: number;
  /** The receiver's HTTP status; none when it did not answer. */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface NotificationRecord {
  id: string;
  subscriptionId: string;
  type: string;
  digest: string | null;
  state: NotificationState;
  attempts: number;
  /** When the next attempt is due (pending), epoch ms. */
  nextAttemptAt: number | null;
  /** After this, a failing notification is dead. */
  deadlineAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  log: DeliveryAttempt[];
  event?: NotificationEvent;
}

export interface NotificationQuery {
  subscriptionId?: string;
  state?: NotificationState;
  limit: number;
  /** From a previous page's `next`. */
  cursor?: string;
}

export interface NotificationStore {
  list(query: NotificationQuery): Promise<{ items: NotificationRecord[]; next: string | null }>;
  get(id: string): Promise<NotificationRecord | undefined>;
  /** A dead or delivered notification → pending, due now, with a fresh retry window; false when it is not dead or delivered. */
  redeliver(id: string, at: number, maxAgeMs: number): Promise<"queued" | "not-found" | "busy">;
}

const toRecord = (r: Row, log: DeliveryAttempt[], withEvent: boolean): NotificationRecord => ({
  id: r.id as string,
  subscriptionId: r.subscription_id as string,
  type: r.event_type as string,
  digest: (r.digest as string | null) ?? null,
  state: r.state as NotificationState,
  attempts: r.attempts as number,
  nextAttemptAt: r.state === "pending" ? (r.next_at as number) : null,
  deadlineAt: r.deadline_at as number,
  lastStatus: (r.last_status as number | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  createdAt: r.created_at as number,
  deliveredAt: (r.delivered_at as number | null) ?? null,
  log,
  ...(withEvent ? { event: JSON.parse(r.payload as string) as NotificationEvent } : {}),
});

const toAttempt = (r: Row): DeliveryAttempt => ({
  attempt: r.attempt as number, at: r.at as number, status: (r.status as number | null) ?? null, error: (r.error as string | null) ?? null, durationMs: r.duration_ms as number,
});

/** `createdAt.id` of the last item, base64url. */
const encodeCursor = (r: NotificationRecord): string => Buffer.from(`${r.createdAt}.${r.id}`).toString("base64url");

function decodeCursor(cursor: string): { createdAt: number; id: string } | undefined {
  const m = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return m ? { createdAt: Number(m[1]), id: m[2]! } : undefined;
}

const COLUMNS = "id, subscription_id, event_type, digest, state, attempts, next_at, deadline_at, last_status, last_error, created_at, delivered_at";

export function sqlNotifications(db: SqlDatabase): NotificationStore {
  const logs = async (ids: readonly string[]): Promise<Map<string, DeliveryAttempt[]>> => {
    const out = new Map<string, DeliveryAttempt[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db.all(`SELECT * FROM notification_attempts WHERE notification_id IN (${ids.map(() => "?").join(", ")}) ORDER BY notification_id, attempt`, ids);
    for (const r of rows) out.get(r.notification_id as string)?.push(toAttempt(r));
    return out;
  };
  return {
    async list(query) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (clause: string, ...values: unknown[]) => {
        where.push(clause);
        for (const v of values) params.push(v);
      };
      if (query.subscriptionId) add("subscription_id = ?", query.subscriptionId);
      if (query.state) add("state = ?", query.state);
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (after) add("(created_at < ? OR (created_at = ? AND id < ?))", after.createdAt, after.createdAt, after.id);
      const rows = await db.all(
        `SELECT ${COLUMNS} FROM notifications ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...params, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const log = await logs(page.map((r) => r.id as string));
      const items = page.map((r) => toRecord(r, log.get(r.id as string) ?? [], false));
      return { items, next: rows.length > query.limit && items.length > 0 ? encodeCursor(items[items.length - 1]!) : null };
    },
    async get(id) {
      const r = await one(db, `SELECT ${COLUMNS}, payload FROM notifications WHERE id = ?`, [id]);
      return r ? toRecord(r, (await logs([id])).get(id) ?? [], true) : undefined;
    },
    async redeliver(id, at, maxAgeMs) {
      const n = await db.run(
        `UPDATE notifications SET state = 'pending', next_at = ?, deadline_at = ?, lease_until = NULL, worker = NULL WHERE id = ? AND state IN ('dead', 'delivered')`,
        [at, at + maxAgeMs, id],
      );
      if (n > 0) return "queued";
      return (await one(db, "SELECT id FROM notifications WHERE id = ?", [id])) ? "busy" : "not-found";
    },
  };
}
