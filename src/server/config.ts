/** What `dredge server` / `dredge worker` run with: built by the CLI from flags and the environment, passed in. */
import type { FastifyBaseLogger } from "fastify";
import type { Resolver } from "../image/registry/index.js";
import type { ScanOptions } from "../scan/index.js";
import type { Logger } from "../util/log.js";
import type { AdmissionSettings } from "./admission/decide.js";
import type { ChangeListener, ScanListener } from "./monitor/events.js";
import type { NotificationConfig } from "./notify/service.js";
import type { TlsFiles } from "./http/tls.js";
import type { UnknownMode } from "./proxy/gate.js";
import type { QueueSettings } from "./queue/types.js";
import type { RetentionSettings } from "./retention.js";

export interface ServerConfig {
  /** `host:port`; port 0 picks a free one. Absent: no HTTP (workers only). */
  listen?: { host: string; port: number };
  /** Serve the API over HTTPS with these PEM files (reloaded when they change). */
  tls?: TlsFiles;
  /** The Kubernetes admission webhook's own HTTPS listener (needs `listen`: it shares the API's verdicts). */
  admission?: {
    listen: { host: string; port: number }; tls: TlsFiles; settings: AdmissionSettings; tagTtlMs?: number;
    /** Processes serving the listener (node:cluster, src/server/admission/processes.ts); 1 or absent: this one. */
    processes?: number;
  };
  /** The pull-time gate: `/v2/` in front of `upstream` on its own listener (needs `listen`: it shares the API's verdicts). */
  registryProxy?: { upstream: string; listen: { host: string; port: number }; tls?: TlsFiles; unknown: UnknownMode };
  /** A second, plain-HTTP listener serving only /metrics (no token) and /health. */
  metricsListen?: { host: string; port: number };
  /** A SQLite file or a `postgres://` URL. */
  database: string;
  workers: number;
  allowLocalTargets: boolean;
  /** Largest uploaded SBOM or inventory, bytes (default 32 MiB). */
  uploadLimit?: number;
  /** Policy verdicts (and admission) evaluate unverified images — uploaded SBOMs and inventories — instead of calling them unknown. */
  policyAllowUnverified?: boolean;
  /** Registries (host[:port]) on private addresses that may be scanned. */
  allowRegistries: readonly string[];
  /** How images are read and the vulnerability database opened (the server's defaults for every scan). */
  scanOptions: ScanOptions;
  queue: QueueSettings;
  /** How often idle workers look for work (they are woken at once by jobs enqueued in this process). */
  pollMs: number;
  /** Pruned at start and every hour (default: defaultRetention). */
  retention?: RetentionSettings;
  /** SIGTERM: how long running scans may finish before they are released to the queue. */
  drainMs: number;
  cacheDir: string;
  tmpDir: string;
  /** `DREDGE_SECRET_KEY` (read by the CLI): the keys sealing registry credentials. Absent: the data directory's key file. */
  secretKey?: string;
  /** Shared secrets of the push webhooks (`DREDGE_HOOK_SECRET_DISTRIBUTION`, `DREDGE_HOOK_SECRET_HARBOR`). */
  hookSecrets?: { distribution?: string; harbor?: string };
  /** Path prefix of the Harbor scanner adapter API (default `/harbor`); null: not served. */
  harborPrefix?: string | null;
  /** The dashboard's built files (default: dist/ui of the package). */
  uiDir?: string;
  /** Where the key file lives (default: CACHE_DIR/server). */
  dataDir?: string;
  /** How often the vulnerability database is checked for an update while the server runs; absent: never by itself. */
  dbRefreshMs?: number;
  /** How registry host names are resolved for the SSRF guard (tests inject one). Default: the system's. */
  resolver?: Resolver;
  /** Notifications (docs/notifications.md): delivery settings, hosts on private addresses, public URL, the clock. */
  notifications?: NotificationConfig;
  /**
   * More listeners of image changes (the monitor's, docs/monitoring.md) and scan outcomes, called after the
   * notification outbox inside the transaction that stores them.
   */
  changeListeners?: readonly ChangeListener[];
  scanListeners?: readonly ScanListener[];
  /** The monitor (docs/monitoring.md): EPSS jump threshold (default 0.1), images re-matched per step (default 20). */
  monitor?: { epssThreshold?: number; batch?: number };
  /** The clock of recorded times and schedules (tests inject one). Default: Date.now. */
  now?: () => number;
  /** The watches' clock (tests inject one; default Date.now) and how often due watches are looked for (default 5 s). */
  clock?: () => number;
  watchTickMs?: number;
  logger: Logger;
  /** Request log of the HTTP app (the entry point's pino); none: silent. */
  httpLogger?: FastifyBaseLogger;
}

/** `127.0.0.1:8080`, `[::1]:8080`, `:8080` (all interfaces is never implied: give 0.0.0.0). */
export function parseListen(text: string): { host: string; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) return undefined;
  return { host: m[1] ?? (m[2] || "127.0.0.1"), port };
}
