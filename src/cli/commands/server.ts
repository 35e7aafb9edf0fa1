/**
 * `dredge server` (API + queue + workers), `dredge server token create`, and `dredge worker` (workers only,
 * on a shared PostgreSQL database). The daemon logs JSON lines on stderr; SIGTERM/SIGINT stop taking
 * requests and jobs, let running scans finish for --drain, then give them back to the queue.
 */
import type { Command } from "commander";
import { rm } from "node:fs/promises";
import { DredgeError } from "../../errors.js";
import { roles, sqlTokens, type Role } from "../../server/catalog/tokens.js";
import { isPostgresUrl, openDatabase } from "../../server/db/open.js";
import { startServer } from "../../server/server.js";
import { notOneOf } from "../../scan/options.js";
import { scanDbSettings } from "../db-settings.js";
import type { RunContext } from "../context.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { imageSettings } from "../settings.js";
import { databaseOf, serverConfig, type ServerFlags } from "../server/config.js";
import { commandDescription } from "./summary.js";

const settings = [...imageSettings, ...scanDbSettings];

function daemonOptions(cmd: Command, mode: "server" | "worker"): Command {
  if (mode === "server") {
    cmd
      .option("--listen <host:port>", "address of the HTTP API", "127.0.0.1:8080")
      .option("--tls-cert <file>", "serve the API over HTTPS with this PEM certificate (chain); reloaded when the file changes")
      .option("--tls-key <file>", "the PEM private key of --tls-cert")
      .option("--max-upload <bytes>", "largest SBOM (POST /sboms) or client inventory (POST /inventories) accepted; at most 1GiB", "32MiB")
      .option("--admission-listen <host:port>", "serve the Kubernetes admission webhook (POST /admission/v1/validate) on this HTTPS address")
      .option("--admission-tls-cert <file>", "PEM certificate of the admission listener (required with --admission-listen); reloaded when the file changes")
      .option("--admission-tls-key <file>", "the PEM private key of --admission-tls-cert")
      .option("--admission-mode <mode>", "admission mode of namespaces not given by --admission-namespace-mode: enforce (must pass the policy), known (must have been analysed) or audit (allow and warn)", "enforce")
      .option("--admission-namespace-mode <ns=mode>", "admission mode of one namespace (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option("--admission-exempt <namespace>", "a namespace the webhook always allows (repeatable; kube-system and kube-node-lease always are)", (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option("--admission-namespace <namespace>", "the webhook's own namespace (exempt)")
      .option("--admission-processes <n>", "serve the admission webhook from N processes sharing its port (node:cluster: TLS, HTTP and JSON of the reviews on every core; verdicts still come from this server, remembered 1 s in each process and dropped on any catalog or policy write); default 1: in the server process")
      .option("--admission-tag-ttl <duration>", "how long the webhook trusts a tag → digest resolution (one HEAD at the registry, with the credentials of /registries); 0: tags are not resolved (unknown: deploy by digest)", "60s")
      .option("--registry-proxy <upstream>", "serve the pull-time gate: the registry API /v2/ in front of this registry (https://host[:port], http:// for plain HTTP), refusing manifests of images the active policy STOPs")
      .option("--registry-proxy-listen <host:port>", "address of the registry proxy's own listener", "127.0.0.1:5000")
      .option("--registry-proxy-tls-cert <file>", "serve the registry proxy over HTTPS with this PEM certificate (chain); reloaded when the file changes")
      .option("--registry-proxy-tls-key <file>", "the PEM private key of --registry-proxy-tls-cert")
      .option("--registry-proxy-unknown <allow|deny>", "what the registry proxy does with images Dredge has not analysed (they are queued for a scan either way)", "deny")
      .option("--policy-allow-unverified", "policy verdicts (GET /images/{digest}/check, admission) evaluate images known only from uploaded SBOMs or inventories instead of calling them unknown")
      .option("--allow-local-targets", "let API callers scan archives and OCI layouts on this machine's disk by path")
      .option("--allow-registry <host[:port]>", "a registry on a private or loopback address that may be scanned (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
      .option("--harbor-prefix <path>", "where the Harbor scanner adapter API is served (register Dredge in Harbor as http://HOST:PORT/harbor; auth: a scanner token)", "/harbor")
      .option("--no-harbor", "do not serve the Harbor scanner adapter API")
      .option("--db-refresh <duration>", "how often the vulnerability database is checked for an update while the server runs (0: never; --skip-db-update, --offline and --db also keep the database of the start)", "1h");
  }
  return cmd
    .option("--allow-notify-host <host[:port]>", "a host on a private or loopback address that notification subscriptions may post to (repeatable; no port: every port)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--public-url <url>", "the server's public base URL, for links in notifications and the CloudEvents source")
    .option("--notify-timeout <duration>", "how long one notification delivery may take before it is retried", "10s")
    .option("--metrics-listen <host:port>", "also serve /metrics (no token), /health and /ready on this separate plain-HTTP address")
    .option("--database <file|url>", "catalog and queue: a SQLite file or postgres://… (default: CACHE_DIR/server/dredge.db) [env DREDGE_SERVER_DATABASE]")
    .option("--workers <n>", mode === "server" ? "scan workers in this process; 0: the API alone (default: CPU cores)" : "scan workers (default: CPU cores)")
    .option("--queue-cap <n>", "queued scans per lane before requests get 429", "10000")
    .option("--lease <duration>", "how long a worker holds a job without renewing it before another may take it", "60s")
    .option("--drain <duration>", "on SIGTERM, how long running scans may finish before they are released", "30s")
    .option("--keep-scans <n>", "finished scans kept per target (older ones are pruned hourly)", "10")
    .option("--retention <duration>", "prune images not seen and layer analyses not written for this long", "2160h");
}

/** Resolves on SIGTERM or SIGINT. */
const untilSignal = (): Promise<NodeJS.Signals> => new Promise((resolve) => ["SIGTERM", "SIGINT"].forEach((s) => process.once(s, () => resolve(s as NodeJS.Signals))));

async function runDaemon(ctx: RunContext, flags: ServerFlags, mode: "server" | "worker"): Promise<number> {
  // The daemon runs until a signal: no --timeout, its own temp dir and signal handling.
  ctx.dispose();
  const config = serverConfig(ctx, flags, mode);
  if (mode === "worker" && !isPostgresUrl(config.database)) {
    throw new DredgeError("USAGE", "dredge worker needs a shared PostgreSQL database (--database postgres://…)", {
      hint: "with SQLite, run the workers inside dredge server (--workers N)",
    });
  }
  const server = await startServer(config);
  config.logger.info(mode === "server" ? "dredge server started" : "dredge worker started", { url: server.url, metricsUrl: server.metricsUrl, admissionUrl: server.admissionUrl, registryProxyUrl: server.registryProxyUrl, workers: config.workers });
  const signal = await untilSignal();
  config.logger.info("stopping", { signal, drainMs: config.drainMs });
  await server.close();
  await rm(config.tmpDir, { recursive: true, force: true });
  return 0;
}

export function serverCommands(program: Command, io: Io, holder: { code: number }): void {
  const server = daemonOptions(program.command("server").description(commandDescription("server")), "server");
  addSettings(server, settings);
  server.addHelpText(
    "after",
    "\nEnvironment:\n  DREDGE_SECRET_KEY   key(s) sealing registry credentials: 32 bytes, base64 or hex, comma-separated (the first seals);\n                      default: a key file CACHE_DIR/server/secret.key, created with mode 0600\n" +
      "  DREDGE_HOOK_SECRET_DISTRIBUTION, DREDGE_HOOK_SECRET_HARBOR\n                      serve POST /hooks/distribution, /hooks/harbor (push webhooks); the sender's\n                      Authorization header must carry this secret (docs/registries.md)\n",
  );
  server.action(runAction(io, settings, (ctx, _a, c) => runDaemon(ctx, c.opts<ServerFlags>(), "server"), holder));

  const token = server.command("token").description("manage API tokens");
  token
    .command("create")
    .description("create an API token and print it (only its hash is stored: it cannot be shown again)")
    .requiredOption("--role <role>", `admin, scanner or reader`)
    .option("--database <file|url>", "the server's database (default: CACHE_DIR/server/dredge.db) [env DREDGE_SERVER_DATABASE]")
    .action(
      runAction(io, [], async (ctx, _a, c) => {
        // `--database` may be taken by `server` itself (commander reads parent options anywhere on the line).
        const o = c.optsWithGlobals<{ role: string; database?: string }>();
        if (!(roles as readonly string[]).includes(o.role)) throw notOneOf("--role", o.role, roles);
        const db = await openDatabase(databaseOf(ctx, o.database));
        try {
          const { token: secret } = await sqlTokens(db).create(o.role as Role);
          ctx.stdout.write(`${secret}\n`);
        } finally {
          await db.close();
        }
        return 0;
      }, holder),
    );

  const worker = daemonOptions(program.command("worker").description(commandDescription("worker")), "worker");
  addSettings(worker, settings);
  worker.action(runAction(io, settings, (ctx, _a, c) => runDaemon(ctx, c.opts<ServerFlags>(), "worker"), holder));
}
