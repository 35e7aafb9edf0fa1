/** Data for `dredge db status`: schema, age, sources with counts and last update, namespaces. */
import type { DatabaseMetadata } from "./model.js";
import { openAdvisoryStore } from "./store.js";

export interface DatabaseStatus extends DatabaseMetadata {
  path: string | string[];
  /** Seconds since the build, at `now`. */
  ageSeconds: number;
}

export function databaseStatus(path: string | string[], now: Date = new Date()): DatabaseStatus {
  const store = openAdvisoryStore(path);
  try {
    const meta = store.metadata();
    const built = Date.parse(meta.builtAt);
    const ageSeconds = Number.isFinite(built) ? Math.max(0, Math.round((now.getTime() - built) / 1000)) : -1;
    return { path, ageSeconds, ...meta };
  } finally {
    store.close();
  }
}
