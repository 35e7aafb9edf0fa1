/** What the HTTP routes work with: the ports, the findings service, the target policy, the counters. */
import type { Catalog } from "../catalog/catalog.js";
import type { CountingLayerCache } from "../catalog/layer-cache.js";
import type { TokenStore } from "../catalog/tokens.js";
import type { FindingsService } from "../findings.js";
import type { Queue } from "../queue/queue.js";
import type { TargetPolicy } from "../targets.js";

export interface Counters {
  started: number;
  failed: number;
  done: number;
}

export interface ApiContext {
  catalog: Catalog;
  queue: Queue;
  tokens: TokenStore;
  findings: FindingsService;
  layerCache: CountingLayerCache;
  policy: TargetPolicy;
  counters: Counters;
  /** Largest body of the upload routes (`POST /sboms`, `POST /inventories`), bytes. */
  uploadLimit: number;
  /** Called after a job is enqueued (wakes in-process workers). */
  onEnqueued(): void;
  /** Whether the database and catalog answer (for /ready). */
  ready(): Promise<boolean>;
}
