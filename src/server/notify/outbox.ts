/**
 * The transactional outbox: listeners that, inside the caller's transaction (the monitor's re-evaluation,
 * a scan's completion), write one notification per matching subscription — a summary per image and change,
 * never one per finding. The row's id is the idempotency id, a hash of the subscription, the image, the
 * database version, the cause and what changed: a re-run of the same change inserts nothing (the primary
 * key), a rolled-back transaction leaves nothing, and the deliverer (deliver.ts) sends what committed.
 */
import type { ChangeListener, ImageChange, ScanEvent, ScanListener } from "../monitor/events.js";
import type { Querier, SqlDatabase } from "../db/sql.js";
import { inScope, matchChange } from "./match.js";
import { changeEventPayloadId, scanPayloadId } from "./ids.js";
import { changeEvent, scanEventPayload, type NotificationEvent } from "./payload.js";
import { enabledSubscriptions } from "./subscriptions.js";
import { defaultDeliverySettings, type DeliverySettings } from "./types.js";

export interface OutboxOptions {
  /** The server's public base URL, for links in notifications; none: links are paths (`/api/v1/images/…`). */
  publicUrl?: string;
  /** The injectable clock (epoch ms). */
  now?: () => number;
  /** `maxAgeMs`: how long delivery is retried. */
  settings?: Pick<DeliverySettings, "maxAgeMs">;
  /** Called after a notification row is written (wakes the deliverer of this process). */
  onWritten?: () => void;
}

/** Writes one outbox row; false when a row with this id exists (the same change, written before). */
export async function writeNotification(q: Querier, subscriptionId: string, event: NotificationEvent, digest: string | undefined, at: number, maxAgeMs: number): Promise<boolean> {
  const n = await q.run(
    `INSERT INTO notifications (id, subscription_id, event_type, digest, payload, state, attempts, next_at, deadline_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    [event.id, subscriptionId, event.type, digest ?? null, JSON.stringify(event), at, at + maxAgeMs, at],
  );
  return n > 0;
}

/** The ChangeListener of the outbox: one summary notification per matching subscription for this image change. */
export function outboxListener(options: OutboxOptions = {}): ChangeListener {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.settings?.maxAgeMs ?? defaultDeliverySettings.maxAgeMs;
  return async (q: Querier, change: ImageChange) => {
    let written = 0;
    for (const sub of await enabledSubscriptions(q)) {
      const m = matchChange(sub, change);
      if (!m) continue;
      const event = changeEvent(changeEventPayloadId(sub.id, change), sub, change, m, options.publicUrl);
      if (await writeNotification(q, sub.id, event, change.digest, now(), maxAgeMs)) written++;
    }
    if (written > 0 && options.onWritten) setImmediate(options.onWritten);
  };
}

/** The ScanListener of the outbox: scan.completed / scan.failed to the subscriptions that ask for them. */
export function scanOutboxListener(options: OutboxOptions = {}): ScanListener {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.settings?.maxAgeMs ?? defaultDeliverySettings.maxAgeMs;
  return async (q: Querier, event: ScanEvent) => {
    let written = 0;
    for (const sub of await enabledSubscriptions(q)) {
      if (!sub.events.includes(event.type) || !inScope(sub.scope, event.references)) continue;
      const payload = scanEventPayload(scanPayloadId(sub.id, event), sub, event, options.publicUrl);
      if (await writeNotification(q, sub.id, payload, event.digest, now(), maxAgeMs)) written++;
    }
    if (written > 0 && options.onWritten) setImmediate(options.onWritten);
  };
}

/** Both listeners over one set of options (for the server's config, and for the monitor to call at merge). */
export function notificationListeners(_db: SqlDatabase | undefined, options: OutboxOptions = {}): { change: ChangeListener; scan: ScanListener } {
  return { change: outboxListener(options), scan: scanOutboxListener(options) };
}

/** Several listeners as one, called in order inside the same transaction. */
export function allChanges(listeners: readonly ChangeListener[]): ChangeListener {
  return async (q, change) => {
    for (const l of listeners) await l(q, change);
  };
}

export function allScans(listeners: readonly ScanListener[]): ScanListener {
  return async (q, event) => {
    for (const l of listeners) await l(q, event);
  };
}
