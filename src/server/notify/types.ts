/** The vocabulary of notifications: subscriptions, delivery kinds, notification states, delivery settings. */
import type { Severity } from "../../model/finding.js";
import type { ChangeEventType } from "../monitor/events.js";

/** How a notification is put on the wire (formats.ts). */
export const deliveryKinds = ["webhook", "slack", "cloudevents"] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

/** pending: waiting for its next attempt; sending: leased by a deliverer; delivered; dead: gave up (redeliver to retry). */
export const notificationStates = ["pending", "sending", "delivered", "dead"] as const;
export type NotificationState = (typeof notificationStates)[number];

/** Globs over the references an image is known under; an absent or empty list matches everything. */
export interface Scope {
  registries?: readonly string[];
  repositories?: readonly string[];
  tags?: readonly string[];
}

export interface SubscriptionInput {
  name: string;
  /** null: every image. */
  scope: Scope | null;
  /** Findings below this severity do not make a vulnerability event. */
  minSeverity: Severity;
  events: readonly ChangeEventType[];
  kind: DeliveryKind;
  url: string;
  /** The HMAC key of the signature header; write-only. */
  secret?: string | null;
  enabled: boolean;
}

export interface Subscription {
  id: string;
  name: string;
  scope: Scope | null;
  minSeverity: Severity;
  events: ChangeEventType[];
  kind: DeliveryKind;
  url: string;
  /** Whether a signing secret is stored (never the secret). */
  signed: boolean;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DeliverySettings {
  /** One HTTP attempt, until the response headers and again for the body. */
  timeoutMs: number;
  /** Delay before retry n (1-based) is about `baseDelayMs * 2^(n-1)`, at most `maxDelayMs`, ±`jitter`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Share of a delay drawn at random (0.2: ±20 %). */
  jitter: number;
  /** After this long since it was written (or redelivered), a notification that still fails is dead. */
  maxAgeMs: number;
  /** Notifications leased per claim, and sent at once, per process. */
  batch: number;
  /** How often an idle deliverer looks for due notifications (it is woken at once by notifications written here). */
  pollMs: number;
}

export const defaultDeliverySettings: DeliverySettings = {
  timeoutMs: 10_000,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  jitter: 0.2,
  maxAgeMs: 24 * 3_600_000,
  batch: 8,
  pollMs: 1_000,
};

/** What a deliverer holds a notification for: its timeout and a margin; then another process may take it. */
export const leaseMsOf = (s: DeliverySettings): number => s.timeoutMs * 2 + 5_000;
