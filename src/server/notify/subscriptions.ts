/**
 * Subscriptions (`/api/v1/subscriptions`): who hears of which events, how and where. The signing secret is
 * sealed at rest (../secrets.ts) with the subscription's id as authenticated context, like registry
 * credentials: records never carry it; only the deliverer's `secretOf` opens it.
 */
import { randomUUID } from "node:crypto";
import type { Severity } from "../../model/finding.js";
import type { ChangeEventType } from "../monitor/events.js";
import { one, type Querier, type Row, type SqlDatabase } from "../db/sql.js";
import { resealTable, type SecretBox } from "../secrets.js";
import type { DeliveryKind, Scope, Subscription, SubscriptionInput } from "./types.js";

export interface SubscriptionStore {
  create(input: SubscriptionInput): Promise<Subscription>;
  /** Replaces every field; `secret` absent: kept, null: removed. */
  update(id: string, input: SubscriptionInput): Promise<Subscription | undefined>;
  get(id: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;
  delete(id: string): Promise<boolean>;
  /** The opened signing secret (undefined when none is stored); INVALID_CONFIG when it cannot be opened. */
  secretOf(id: string): Promise<string | undefined>;
  /** Re-seals secrets sealed with an older key under the current one; returns how many. */
  reseal(): Promise<number>;
}

const context = (id: string): string => `subscription:${id}`;
const COLUMNS = "id, name, scope, min_severity, events, kind, url, secret IS NOT NULL AS signed, enabled, created_at, updated_at";

export const toSubscription = (r: Row): Subscription => ({
  id: r.id as string,
  name: r.name as string,
  scope: JSON.parse(r.scope as string) as Scope | null,
  minSeverity: r.min_severity as Severity,
  events: JSON.parse(r.events as string) as ChangeEventType[],
  kind: r.kind as DeliveryKind,
  url: r.url as string,
  signed: r.signed === 1 || r.signed === true,
  enabled: r.enabled === 1,
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

/** The enabled subscriptions, read inside the caller's transaction (the outbox listeners). */
export async function enabledSubscriptions(q: Querier): Promise<Subscription[]> {
  return (await q.all(`SELECT ${COLUMNS} FROM subscriptions WHERE enabled = 1 ORDER BY id`)).map(toSubscription);
}

export function sqlSubscriptions(db: SqlDatabase, box: SecretBox, now: () => number = Date.now): SubscriptionStore {
  const fields = (s: SubscriptionInput) => [s.name, JSON.stringify(s.scope), s.minSeverity, JSON.stringify(s.events), s.kind, s.url, s.enabled ? 1 : 0];
  return {
    async create(input) {
      const id = randomUUID();
      const t = now();
      const sealed = input.secret ? box.seal(input.secret, context(id)) : undefined;
      await db.run(
        `INSERT INTO subscriptions (id, name, scope, min_severity, events, kind, url, enabled, secret, key_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, ...fields(input), sealed?.sealed ?? null, sealed?.keyId ?? null, t, t],
      );
      return (await this.get(id))!;
    },
    async update(id, input) {
      const t = now();
      const base = `UPDATE subscriptions SET name = ?, scope = ?, min_severity = ?, events = ?, kind = ?, url = ?, enabled = ?, updated_at = ?`;
      let changed: number;
      if (input.secret === undefined) changed = await db.run(`${base} WHERE id = ?`, [...fields(input), t, id]);
      else {
        const sealed = input.secret ? box.seal(input.secret, context(id)) : undefined;
        changed = await db.run(`${base}, secret = ?, key_id = ? WHERE id = ?`, [...fields(input), t, sealed?.sealed ?? null, sealed?.keyId ?? null, id]);
      }
      return changed > 0 ? this.get(id) : undefined;
    },
    get: async (id) => {
      const r = await one(db, `SELECT ${COLUMNS} FROM subscriptions WHERE id = ?`, [id]);
      return r ? toSubscription(r) : undefined;
    },
    list: async () => (await db.all(`SELECT ${COLUMNS} FROM subscriptions ORDER BY created_at, id`)).map(toSubscription),
    delete: async (id) => (await db.run("DELETE FROM subscriptions WHERE id = ?", [id])) > 0,
    async secretOf(id) {
      const r = await one<{ secret: string | null }>(db, "SELECT secret FROM subscriptions WHERE id = ?", [id]);
      return r?.secret ? box.open(r.secret, context(id)) : undefined;
    },
    reseal: () => resealTable(db, box, "subscriptions", context),
  };
}
