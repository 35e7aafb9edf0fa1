/** The server's config from `dredge server` / `dredge worker` flags, the environment and the scan settings. */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { DredgeError } from "../../errors.js";
import type { ServerConfig } from "../../server/config.js";
import { parseListen } from "../../server/config.js";
import { admissionModes, DEFAULT_EXEMPT_NAMESPACES, type AdmissionMode } from "../../server/admission/decide.js";
import { MAX_ADMISSION_PROCESSES } from "../../server/admission/processes.js";
import { defaultQueueSettings } from "../../server/queue/types.js";
import { unknownModes, type UnknownMode } from "../../server/proxy/gate.js";
import type { ScanOptions } from "../../scan/index.js";
import type { Logger } from "../../util/log.js";
import { parseBytes, parseDuration } from "../../util/units.js";
import type { RunContext } from "../context.js";

export interface ServerFlags {
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  metricsListen?: string;
  maxUpload?: string;
  database?: string;
  workers?: string;
  allowLocalTargets?: boolean;
  policyAllowUnverified?: boolean;
  admissionListen?: string;
  admissionTlsCert?: string;
  admissionTlsKey?: string;
  admissionMode?: string;
  admissionNamespaceMode?: string[];
  admissionExempt?: string[];
  admissionNamespace?: string;
  admissionTagTtl?: string;
  admissionProcesses?: string;
  registryProxy?: string;
  registryProxyListen?: string;
  registryProxyTlsCert?: string;
  registryProxyTlsKey?: string;
  registryProxyUnknown?: string;
  allowRegistry?: string[];
  queueCap: string;
  lease: string;
  drain: string;
  keepScans: string;
  retention: string;
  dbRefresh?: string;
  allowNotifyHost?: string[];
  publicUrl?: string;
  notifyTimeout?: string;
  /** `--harbor-prefix PATH`; `--no-harbor`: false. */
  harbor?: boolean;
  harborPrefix?: string;
}

/** `--harbor-prefix`: an absolute path without a trailing slash, of plain segments. */
function harborPrefix(flags: ServerFlags): string | null | undefined {
  if (flags.harbor === false) return null;
  if (flags.harborPrefix === undefined) return undefined;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(flags.harborPrefix) || flags.harborPrefix.startsWith("/api/")) {
    throw new DredgeError("USAGE", `invalid --harbor-prefix: "${flags.harborPrefix}" is not a path like /harbor (outside /api/)`);
  }
  return flags.harborPrefix;
}

/** `--database`, else DREDGE_SERVER_DATABASE, else a SQLite file in CACHE_DIR/server. */
export const databaseOf = (ctx: RunContext, flag: string | undefined): string =>
  flag ?? ctx.env.DREDGE_SERVER_DATABASE ?? join(ctx.cacheDir, "server", "dredge.db");

function whole(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) throw new DredgeError("USAGE", `invalid ${name}: "${text}" is not a whole number ≥ ${min}`);
  return n;
}

function millis(name: string, text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new DredgeError("USAGE", `invalid ${name}: "${text}" is not a duration (e.g. 30s, 5m)`);
  return ms;
}

const MAX_UPLOAD_CAP = 1024 ** 3;

function uploadBytes(text: string): number {
  const n = parseBytes(text);
  if (n === undefined || n < 1024 || n > MAX_UPLOAD_CAP) throw new DredgeError("USAGE", `invalid --max-upload: "${text}" is not a size between 1KiB and 1GiB (e.g. 32MiB)`);
  return n;
}

function admissionMode(flag: string, text: string): AdmissionMode {
  if (!(admissionModes as readonly string[]).includes(text)) throw new DredgeError("USAGE", `invalid ${flag}: "${text}" is not one of ${admissionModes.join(", ")}`);
  return text as AdmissionMode;
}

function admissionProcesses(text: string): number {
  const n = whole("--admission-processes", text, 1);
  if (n > MAX_ADMISSION_PROCESSES) throw new DredgeError("USAGE", `invalid --admission-processes: ${n} is more than ${MAX_ADMISSION_PROCESSES}`);
  return n;
}

/** `--admission-*`: the webhook's listener, certificate and modes; none without --admission-listen. */
export function admissionConfig(flags: ServerFlags): ServerConfig["admission"] {
  if (flags.admissionListen === undefined) {
    if (flags.admissionTlsCert !== undefined || flags.admissionTlsKey !== undefined) throw new DredgeError("USAGE", "--admission-tls-cert/--admission-tls-key need --admission-listen");
    if (flags.admissionProcesses !== undefined) throw new DredgeError("USAGE", "--admission-processes needs --admission-listen");
    return undefined;
  }
  const listen = parseListen(flags.admissionListen);
  if (!listen) throw new DredgeError("USAGE", `invalid --admission-listen: "${flags.admissionListen}" is not HOST:PORT (e.g. 0.0.0.0:8443)`);
  if (flags.admissionTlsCert === undefined || flags.admissionTlsKey === undefined) {
    throw new DredgeError("USAGE", "--admission-listen needs --admission-tls-cert and --admission-tls-key (the Kubernetes API server calls webhooks over HTTPS only)");
  }
  const namespaceModes: Record<string, AdmissionMode> = {};
  for (const pair of flags.admissionNamespaceMode ?? []) {
    const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)=(\w+)$/.exec(pair);
    if (!m) throw new DredgeError("USAGE", `invalid --admission-namespace-mode: "${pair}" is not NAMESPACE=MODE`);
    namespaceModes[m[1]!] = admissionMode("--admission-namespace-mode", m[3]!);
  }
  const exempt = [...DEFAULT_EXEMPT_NAMESPACES, ...(flags.admissionExempt ?? []), ...(flags.admissionNamespace ? [flags.admissionNamespace] : [])];
  return {
    listen,
    tls: { certFile: flags.admissionTlsCert, keyFile: flags.admissionTlsKey },
    settings: { mode: admissionMode("--admission-mode", flags.admissionMode ?? "enforce"), namespaceModes, exempt: [...new Set(exempt)] },
    ...(flags.admissionTagTtl !== undefined ? { tagTtlMs: flags.admissionTagTtl === "0" ? 0 : millis("--admission-tag-ttl", flags.admissionTagTtl) } : {}),
    ...(flags.admissionProcesses !== undefined ? { processes: admissionProcesses(flags.admissionProcesses) } : {}),
  };
}

/** `--registry-proxy*`: the pull-time gate's upstream, listener, certificate and what it does with unknown images. */
export function registryProxyConfig(flags: ServerFlags): ServerConfig["registryProxy"] {
  if (flags.registryProxy === undefined) {
    if (flags.registryProxyTlsCert !== undefined || flags.registryProxyTlsKey !== undefined) throw new DredgeError("USAGE", "--registry-proxy-tls-cert/--registry-proxy-tls-key need --registry-proxy");
    return undefined;
  }
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(flags.registryProxy) ? flags.registryProxy : `https://${flags.registryProxy}`;
  let upstream: URL | undefined;
  try {
    upstream = new URL(text);
  } catch {
    upstream = undefined;
  }
  if (!upstream || !["http:", "https:"].includes(upstream.protocol) || (upstream.pathname !== "/" && upstream.pathname !== "") || upstream.search || upstream.username) {
    throw new DredgeError("USAGE", `invalid --registry-proxy: "${flags.registryProxy}" is not a registry address like https://registry.example.com or http://127.0.0.1:5000`);
  }
  const listen = parseListen(flags.registryProxyListen ?? "127.0.0.1:5000");
  if (!listen) throw new DredgeError("USAGE", `invalid --registry-proxy-listen: "${flags.registryProxyListen}" is not HOST:PORT (e.g. 0.0.0.0:5000)`);
  if ((flags.registryProxyTlsCert === undefined) !== (flags.registryProxyTlsKey === undefined)) throw new DredgeError("USAGE", "--registry-proxy-tls-cert and --registry-proxy-tls-key go together");
  const unknown = flags.registryProxyUnknown ?? "deny";
  if (!(unknownModes as readonly string[]).includes(unknown)) throw new DredgeError("USAGE", `invalid --registry-proxy-unknown: "${unknown}" is not one of ${unknownModes.join(", ")}`);
  return {
    upstream: upstream.origin,
    listen,
    ...(flags.registryProxyTlsCert && flags.registryProxyTlsKey ? { tls: { certFile: flags.registryProxyTlsCert, keyFile: flags.registryProxyTlsKey } } : {}),
    unknown: unknown as UnknownMode,
  };
}

/**
 * JSON lines on stderr (pino): the daemon's structured log. Written asynchronously (a write per line off the event
 * loop rather than a blocking one on it, at a line per request); pino flushes what is pending when the process exits.
 */
export function daemonLogger(ctx: RunContext): { logger: Logger; pinoLogger: pino.Logger } {
  const p = pino({ level: ctx.debug ? "debug" : ctx.quiet ? "error" : "info" }, pino.destination({ dest: 2, sync: false }));
  const at = (level: "debug" | "info" | "warn" | "error") => (msg: string, fields?: Record<string, unknown>) => p[level](fields ?? {}, msg);
  return { logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, pinoLogger: p };
}

/** `--allow-notify-host`, `--public-url`, `--notify-timeout`. */
function notificationConfig(flags: ServerFlags): NonNullable<ServerConfig["notifications"]> {
  const url = flags.publicUrl;
  if (url !== undefined && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol))) throw new DredgeError("USAGE", `invalid --public-url: "${url}" is not an http(s) URL`);
  return {
    allowHosts: flags.allowNotifyHost ?? [],
    ...(url !== undefined ? { publicUrl: url.replace(/\/+$/, "") } : {}),
    ...(flags.notifyTimeout !== undefined ? { settings: { timeoutMs: millis("--notify-timeout", flags.notifyTimeout) } } : {}),
  };
}

export function serverConfig(ctx: RunContext, flags: ServerFlags, mode: "server" | "worker"): ServerConfig {
  const { quiet: _q, debug: _d, cacheDir: _c, tmpDir: tmpRoot, server: _s, token: _t, ...scanOptions } = ctx.options;
  const listen = mode === "server" ? parseListen(flags.listen) : undefined;
  if (mode === "server" && !listen) throw new DredgeError("USAGE", `invalid --listen: "${flags.listen}" is not HOST:PORT (e.g. 127.0.0.1:8080)`);
  const metricsListen = flags.metricsListen === undefined ? undefined : parseListen(flags.metricsListen);
  if (flags.metricsListen !== undefined && !metricsListen) throw new DredgeError("USAGE", `invalid --metrics-listen: "${flags.metricsListen}" is not HOST:PORT (e.g. 0.0.0.0:9090)`);
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new DredgeError("USAGE", "--tls-cert and --tls-key go together");
  const admission = mode === "server" ? admissionConfig(flags) : undefined;
  const registryProxy = mode === "server" ? registryProxyConfig(flags) : undefined;
  const { logger, pinoLogger } = daemonLogger(ctx);
  const o = scanOptions as ScanOptions;
  const refresh = mode === "server" && flags.dbRefresh !== undefined && flags.dbRefresh !== "0" ? millis("--db-refresh", flags.dbRefresh) : undefined;
  const secretKey = ctx.env.DREDGE_SECRET_KEY;
  const harbor = mode === "server" ? harborPrefix(flags) : undefined;
  const hooks = { distribution: ctx.env.DREDGE_HOOK_SECRET_DISTRIBUTION, harbor: ctx.env.DREDGE_HOOK_SECRET_HARBOR };
  return {
    ...(listen ? { listen } : {}),
    ...(flags.tlsCert && flags.tlsKey ? { tls: { certFile: flags.tlsCert, keyFile: flags.tlsKey } } : {}),
    ...(admission ? { admission } : {}),
    ...(registryProxy ? { registryProxy } : {}),
    ...(metricsListen ? { metricsListen } : {}),
    database: databaseOf(ctx, flags.database),
    workers: flags.workers === undefined ? availableParallelism() : whole("--workers", flags.workers, mode === "worker" ? 1 : 0),
    ...(mode === "server" && flags.maxUpload !== undefined ? { uploadLimit: uploadBytes(flags.maxUpload) } : {}),
    allowLocalTargets: flags.allowLocalTargets === true,
    ...(flags.policyAllowUnverified === true ? { policyAllowUnverified: true } : {}),
    allowRegistries: flags.allowRegistry ?? [],
    notifications: notificationConfig(flags),
    scanOptions: scanOptions as ScanOptions,
    queue: { ...defaultQueueSettings, cap: whole("--queue-cap", flags.queueCap, 1), leaseMs: millis("--lease", flags.lease) },
    pollMs: 1000,
    drainMs: millis("--drain", flags.drain),
    retention: { keepScans: whole("--keep-scans", flags.keepScans, 1), maxAgeMs: millis("--retention", flags.retention) },
    cacheDir: ctx.cacheDir,
    dataDir: join(ctx.cacheDir, "server"),
    ...(secretKey ? { secretKey } : {}),
    ...(harbor !== undefined ? { harborPrefix: harbor } : {}),
    ...(mode === "server" && (hooks.distribution || hooks.harbor)
      ? { hookSecrets: { ...(hooks.distribution ? { distribution: hooks.distribution } : {}), ...(hooks.harbor ? { harbor: hooks.harbor } : {}) } }
      : {}),
    // --skip-db-update, --offline and --db FILE keep the database of the start.
    ...(refresh && !o.skipDbUpdate && !o.offline && o.db === undefined ? { dbRefreshMs: refresh } : {}),
    tmpDir: join(tmpRoot ?? join(ctx.cacheDir, "tmp"), `server-${process.pid}`),
    logger,
    httpLogger: pinoLogger,
  };
}
