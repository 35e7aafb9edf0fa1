/**
 * The deliverer: runs in every server and worker process; leases due notifications (`FOR UPDATE SKIP LOCKED`
 * on PostgreSQL, so processes never take the same row; SQLite has one process and serialises writers),
 * sends them, and records each attempt. A failure is retried with exponential backoff and jitter until the
 * notification's retry window (24 h by default) would be passed, then it is dead (the dead-letter list;
 * redeliver through the API). A process that dies holding a lease loses it after `leaseMsOf(settings)`:
 * another sends the notification again — at least once on the wire, one id for receivers to de-duplicate by.
 */
import { randomBytes } from "node:crypto";
import { errorMessage } from "../../errors.js";
import type { Logger } from "../../util/log.js";
import type { Row, SqlDatabase } from "../db/sql.js";
import { render } from "./formats.js";
import { testEvent, type NotificationEvent } from "./payload.js";
import type { Sender, SendResult } from "./send.js";
import type { SubscriptionStore } from "./subscriptions.js";
import { leaseMsOf, type DeliverySettings, type Subscription } from "./types.js";

export interface DelivererDeps {
  db: SqlDatabase;
  subscriptions: SubscriptionStore;
  sender: Sender;
  settings: DeliverySettings;
  logger: Logger;
  /** The injectable clock (epoch ms). */
  now: () => number;
  /** Jitter's randomness (tests fix it). */
  random?: () => number;
  /** CloudEvents `source`: the server's public URL. */
  source?: string;
}

export interface Deliverer {
  /** Notifications were written: look now rather than at the next poll. */
  wake(): void;
  /** One pass: lease the due notifications (a batch at a time) and send them; returns how many were attempted. */
  runOnce(): Promise<number>;
  /** Sends a test notification to the subscription now (not stored, not retried). */
  sendTest(sub: Subscription): Promise<SendResult & { id: string }>;
  stop(): Promise<void>;
}

/** The delay before retry `attempt` (1-based): base·2^(n-1), at most maxDelay, ±jitter. */
export function backoffDelay(attempt: number, s: Pick<DeliverySettings, "baseDelayMs" | "maxDelayMs" | "jitter">, random: () => number = Math.random): number {
  const plain = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.max(0, Math.round(plain * (1 + s.jitter * (2 * random() - 1))));
}

interface Leased {
  id: string;
  subscriptionId: string;
  payload: string;
  attempts: number;
  deadlineAt: number;
}

const toLeased = (r: Row): Leased => ({
  id: r.id as string, subscriptionId: r.subscription_id as string, payload: r.payload as string, attempts: r.attempts as number, deadlineAt: r.deadline_at as number,
});

export function startDeliverer(deps: DelivererDeps, options: { loop: boolean } = { loop: true }): Deliverer {
  const { db, settings, now } = deps;
  const worker = `notify-${randomBytes(6).toString("hex")}`;
  const lock = db.dialect === "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
  const random = deps.random ?? Math.random;
  let stopping = false;
  let sleeper: (() => void) | undefined;
  let woken = false;

  const claim = async (): Promise<Leased[]> => {
    const t = now();
    const rows = await db.all(
      `UPDATE notifications SET state = 'sending', worker = ?, lease_until = ?, attempts = attempts + 1
       WHERE id IN (SELECT id FROM notifications
         WHERE ((state = 'pending' AND next_at <= ?) OR (state = 'sending' AND lease_until < ?))
           AND subscription_id IN (SELECT id FROM subscriptions WHERE enabled = 1)
         ORDER BY next_at, id LIMIT ?${lock})
       RETURNING id, subscription_id, payload, attempts, deadline_at`,
      [worker, t + leaseMsOf(settings), t, t, settings.batch],
    );
    return rows.map(toLeased);
  };

  const finish = (n: Leased, result: SendResult): Promise<void> =>
    db.tx(async (q) => {
      const t = now();
      let changed: number;
      if (result.ok) {
        changed = await q.run(
          `UPDATE notifications SET state = 'delivered', delivered_at = ?, last_status = ?, last_error = NULL, lease_until = NULL WHERE id = ? AND worker = ? AND state = 'sending'`,
          [t, result.status ?? null, n.id, worker],
        );
      } else {
        const next = t + backoffDelay(n.attempts, settings, random);
        const dead = next > n.deadlineAt;
        changed = await q.run(
          `UPDATE notifications SET state = ?, next_at = ?, last_status = ?, last_error = ?, lease_until = NULL WHERE id = ? AND worker = ? AND state = 'sending'`,
          [dead ? "dead" : "pending", next, result.status ?? null, result.error ?? null, n.id, worker],
        );
        if (dead && changed > 0) deps.logger.warn("notification dead", { notification: n.id, attempts: n.attempts, error: result.error });
      }
      // Only the holder of the lease logs the attempt (a late sender whose lease was taken over logs nothing).
      if (changed > 0) {
        await q.run(
          `INSERT INTO notification_attempts (notification_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [n.id, n.attempts, t, result.status ?? null, result.error ?? null, result.durationMs],
        );
      }
    });

  const sendOne = async (n: Leased): Promise<void> => {
    let result: SendResult;
    const sub = await deps.subscriptions.get(n.subscriptionId);
    if (!sub) return; // deleted meanwhile: its notifications went with it
    try {
      const secret = await deps.subscriptions.secretOf(sub.id);
      const message = render(sub.kind, JSON.parse(n.payload) as NotificationEvent, { ...(secret ? { secret } : {}), now: now(), ...(deps.source ? { source: deps.source } : {}) });
      result = await deps.sender.post(sub.url, message);
    } catch (err) {
      result = { ok: false, error: errorMessage(err), durationMs: 0 };
    }
    await finish(n, result);
  };

  async function runOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return total;
      total += batch.length;
      await Promise.all(batch.map((n) => sendOne(n).catch((err: unknown) => deps.logger.error("delivering a notification failed", { notification: n.id, error: errorMessage(err) }))));
      if (stopping) return total;
    }
  }

  const idle = () =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(() => ((sleeper = undefined), resolve()), settings.pollMs);
      sleeper = () => (clearTimeout(timer), (sleeper = undefined), resolve());
    });

  async function loop(): Promise<void> {
    // A SQLite catalog belongs to one process: leases of a previous run of it are void.
    if (db.dialect === "sqlite") await db.run("UPDATE notifications SET state = 'pending', lease_until = NULL WHERE state = 'sending'").catch(() => undefined);
    while (!stopping) {
      try {
        await runOnce();
      } catch (err) {
        deps.logger.error("leasing notifications failed", { error: errorMessage(err) });
      }
      if (!stopping) await idle();
    }
  }
  const running = options.loop ? loop() : Promise.resolve();

  return {
    wake() {
      if (sleeper) sleeper();
      else woken = true;
    },
    runOnce,
    async sendTest(sub) {
      const id = `test-${randomBytes(16).toString("hex")}`;
      const secret = await deps.subscriptions.secretOf(sub.id);
      const message = render(sub.kind, testEvent(id, sub, now()), { ...(secret ? { secret } : {}), now: now(), ...(deps.source ? { source: deps.source } : {}) });
      return { id, ...(await deps.sender.post(sub.url, message)) };
    },
    async stop() {
      stopping = true;
      sleeper?.();
      await running;
      await deps.sender.close();
    },
  };
}
