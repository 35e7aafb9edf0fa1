/** What the HTTP routes work with: the ports, the findings service, the target policy, the counters. */
import type { Catalog } from "../catalog/catalog.js";
import type { CountingLayerCache } from "../catalog/layer-cache.js";
import type { TokenStore } from "../catalog/tokens.js";
import type { SqlDatabase } from "../db/sql.js";
import type { FindingsService } from "../findings.js";
import type { FleetIndexer } from "../fleet/indexer.js";
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
  /** The storage the fleet queries read (the package and findings indexes). */
  db: SqlDatabase;
  fleet: FleetIndexer;
  layerCache: CountingLayerCache;
  policy: TargetPolicy;
  counters: Counters;
  /** Called after a job is enqueued (wakes in-process workers). */
  onEnqueued(): void;
  /** Whether the database and catalog answer (for /ready). */
  ready(): Promise<boolean>;
}
