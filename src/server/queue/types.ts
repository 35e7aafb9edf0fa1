/** The scan queue's vocabulary: lanes (priority classes), job states, what a worker holds. */
export const lanes = ["manual", "push", "scheduled", "bulk"] as const;
export type Lane = (typeof lanes)[number];

/** The lanes a request may ask for (`bulk` is the server's own: full re-matches, src/server/monitor/). */
export const requestLanes = ["manual", "push", "scheduled"] as const satisfies readonly Lane[];

/** Higher runs first: manual > registry push > scheduled > bulk. */
export const lanePriority: Record<Lane, number> = { manual: 3, push: 2, scheduled: 1, bulk: 0 };

export type ScanState = "queued" | "running" | "done" | "failed";

export interface ScanJob {
  id: string;
  target: string;
  digest: string | null;
  state: ScanState;
  lane: Lane;
  priority: number;
  attempts: number;
  maxAttempts: number;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface QueueSettings {
  /** Queued jobs per lane before enqueue is refused (429). */
  cap: number;
  /** How long a claimed job is a worker's before another may take it. Workers renew it while they run. */
  leaseMs: number;
  maxAttempts: number;
  /** Delay before retry n (1-based) is `backoffMs * 2^(n-1)`. */
  backoffMs: number;
  /** Jobs of the bulk lane running at once, over every process (default 1): the other workers stay free for scans. */
  bulkRunning?: number;
}

export const defaultQueueSettings: QueueSettings = { cap: 10_000, leaseMs: 60_000, maxAttempts: 3, backoffMs: 5_000 };

export interface EnqueueResult {
  job: ScanJob;
  /** False when an active job for the same target already existed (it is returned instead). */
  created: boolean;
}
