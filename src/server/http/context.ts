/** What the HTTP routes work with: the ports, the findings service, the target policy, the counters. */
import type { Catalog } from "../catalog/catalog.js";
import type { CountingLayerCache } from "../catalog/layer-cache.js";
import type { RegistryStore } from "../catalog/registries.js";
import type { PolicyStore } from "../catalog/policies.js";
import type { ScanCredentialStore } from "../catalog/scan-credentials.js";
import type { HookSecrets } from "../hooks/routes.js";
import type { TokenStore } from "../catalog/tokens.js";
import type { WatchRecord, WatchStore } from "../catalog/watches.js";
import type { PollResult } from "../hooks/watcher.js";
import type { SqlDatabase } from "../db/sql.js";
import type { FindingsService } from "../findings.js";
import type { FleetIndexer } from "../fleet/indexer.js";
import type { NotificationService } from "../notify/service.js";
import type { Queue } from "../queue/queue.js";
import type { ServerMetrics } from "../metrics.js";
import type { TargetPolicy } from "../targets.js";
import type { VerdictService } from "../verdicts.js";
import type { Monitor } from "../monitor/monitor.js";

/** The process's counters and histograms (metrics.ts). */
export type Counters = ServerMetrics;

export interface ApiContext {
  catalog: Catalog;
  queue: Queue;
  tokens: TokenStore;
  findings: FindingsService;
  /** The storage the fleet queries read (the package and findings indexes). */
  db: SqlDatabase;
  fleet: FleetIndexer;
  layerCache: CountingLayerCache;
  policy: TargetPolicy;
  registries: RegistryStore;
  /** Stored policies (`/policies`) and evaluation history. */
  policies: PolicyStore;
  /** The active policy's verdicts on stored images. */
  verdicts: VerdictService;
  /** Registry credentials given with one scan request (the Harbor adapter), sealed. */
  scanCredentials: ScanCredentialStore;
  /** Subscriptions, the notification outbox and its deliverer. */
  notifications: NotificationService;
  /** Watched repositories (`/watches`) and their poller. */
  watches: WatchStore;
  watcher: { poll(watch: WatchRecord): Promise<PollResult>; wake(): void; now(): number };
  /** Shared secrets of the push webhooks (`/hooks/distribution`, `/hooks/harbor`); a hook without one is not served. */
  hookSecrets?: HookSecrets;
  /** The dashboard's built files (default: dist/ui of the package). */
  uiDir?: string;
  /** Where the Harbor scanner adapter API is served (`/harbor`); none: not served. */
  harborPrefix?: string;
  /** How often the database is checked for an update (none: never by itself). */
  dbRefreshMs?: number;
  counters: Counters;
  /** Largest body of the upload routes (`POST /sboms`, `POST /inventories`), bytes. */
  uploadLimit: number;
  /** Re-evaluation from database deltas and full re-matches (src/server/monitor/). */
  monitor?: Monitor;
  /** Called after a job is enqueued (wakes in-process workers). */
  onEnqueued(): void;
  /** Whether the database and catalog answer (for /ready). */
  ready(): Promise<boolean>;
}
