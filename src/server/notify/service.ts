/**
 * Notifications in one server or worker process: the subscription and outbox stores, the listeners that
 * write the outbox inside the transactions of image changes and scan outcomes, and the deliverer.
 */
import type { Resolver } from "../../image/registry/index.js";
import type { Logger } from "../../util/log.js";
import type { ChangeListener, ScanListener } from "../monitor/events.js";
import type { SqlDatabase } from "../db/sql.js";
import type { SecretBox } from "../secrets.js";
import { startDeliverer, type Deliverer } from "./deliver.js";
import { allChanges, allScans, notificationListeners } from "./outbox.js";
import { httpSender } from "./send.js";
import { sqlNotifications, type NotificationStore } from "./store.js";
import { sqlSubscriptions, type SubscriptionStore } from "./subscriptions.js";
import { defaultDeliverySettings, type DeliverySettings } from "./types.js";

/** `ServerConfig.notifications`. */
export interface NotificationConfig {
  /** Hosts (`host` or `host:port`) on loopback or private addresses that subscriptions may post to. */
  allowHosts?: readonly string[];
  /** The server's public base URL: links in notifications, CloudEvents `source`. */
  publicUrl?: string;
  settings?: Partial<DeliverySettings>;
  /** The injectable clock (epoch ms) of the outbox and the deliverer; default Date.now. */
  now?: () => number;
  /** Jitter's randomness (default Math.random). */
  random?: () => number;
  /** false: this process writes notifications but does not deliver them (default: it delivers). */
  deliver?: boolean;
  /** How subscription host names are resolved for the SSRF guard (tests inject one). */
  resolver?: Resolver;
}

export interface NotificationService {
  subscriptions: SubscriptionStore;
  notifications: NotificationStore;
  settings: DeliverySettings;
  now: () => number;
  allowHosts: readonly string[];
  resolver?: Resolver;
  /** Present when this process delivers. */
  deliverer?: Deliverer;
  /** A deliverer for `POST /subscriptions/{id}/test` (this process's, or one made for it). */
  tester: Pick<Deliverer, "sendTest">;
  /** The outbox first, then the configured listeners, in the caller's transaction. */
  listeners: { change: ChangeListener; scan: ScanListener };
  stop(): Promise<void>;
}

export interface NotificationDeps {
  db: SqlDatabase;
  box: SecretBox;
  logger: Logger;
  config?: NotificationConfig;
  changeListeners?: readonly ChangeListener[];
  scanListeners?: readonly ScanListener[];
}

export function startNotifications(deps: NotificationDeps): NotificationService {
  const c = deps.config ?? {};
  const settings = { ...defaultDeliverySettings, ...c.settings };
  const now = c.now ?? Date.now;
  const allowHosts = c.allowHosts ?? [];
  const subscriptions = sqlSubscriptions(deps.db, deps.box, now);
  const sender = httpSender({ timeoutMs: settings.timeoutMs, allowHosts, ...(c.resolver ? { resolver: c.resolver } : {}) });
  const delivererDeps = {
    db: deps.db, subscriptions, sender, settings, logger: deps.logger, now, ...(c.random ? { random: c.random } : {}), ...(c.publicUrl ? { source: c.publicUrl } : {}),
  };
  const deliverer = c.deliver === false ? undefined : startDeliverer(delivererDeps);
  const tester = deliverer ?? startDeliverer(delivererDeps, { loop: false });
  const own = notificationListeners(deps.db, { ...(c.publicUrl ? { publicUrl: c.publicUrl } : {}), now, settings, ...(deliverer ? { onWritten: () => deliverer.wake() } : {}) });
  return {
    subscriptions,
    notifications: sqlNotifications(deps.db),
    settings,
    now,
    allowHosts,
    ...(c.resolver ? { resolver: c.resolver } : {}),
    ...(deliverer ? { deliverer } : {}),
    tester,
    listeners: { change: allChanges([own.change, ...(deps.changeListeners ?? [])]), scan: allScans([own.scan, ...(deps.scanListeners ?? [])]) },
    stop: async () => {
      await deliverer?.stop();
      if (tester !== deliverer) await (tester as Deliverer).stop();
    },
  };
}
