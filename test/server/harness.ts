/** A server in-process on loopback port 0, with a temp catalog (SQLite or PostgreSQL) and the fixture vulnerability DB. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqlTokens, type Role } from "../../src/server/catalog/tokens.js";
import type { ServerConfig } from "../../src/server/config.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { startServer, type RunningServer } from "../../src/server/server.js";
import { parseScanOptions } from "../../src/scan/index.js";
import { silentLogger } from "../../src/util/log.js";
import { buildFixtureDb } from "../scan/fixture-db.js";

let fixtureDb: Promise<{ dir: string; path: string }> | undefined;

/** The fixture advisory DB, built once per test file. */
export function fixtureDatabase(): Promise<{ dir: string; path: string }> {
  return (fixtureDb ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "dredge-server-db-"));
    return { dir, path: await buildFixtureDb(dir) };
  })());
}

export async function testScanOptions(extra: Record<string, unknown> = {}) {
  return parseScanOptions({ db: (await fixtureDatabase()).path, skipDbUpdate: true, offline: true, cache: false, ...extra });
}

export interface TestServer extends RunningServer {
  url: string;
  token(role: Role): Promise<string>;
  dispose(): Promise<void>;
}

export async function startTestServer(database: string, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), "dredge-server-run-"));
  const server = await startServer({
    listen: { host: "127.0.0.1", port: 0 },
    database,
    workers: 2,
    allowLocalTargets: true,
    allowRegistries: [],
    scanOptions: await testScanOptions(),
    queue: { ...defaultQueueSettings, leaseMs: 1500, backoffMs: 200 },
    pollMs: 50,
    drainMs: 2000,
    cacheDir: join(dir, "cache"),
    tmpDir: join(dir, "tmp"),
    logger: silentLogger,
    ...overrides,
  });
  return {
    ...server,
    url: server.url ?? "",
    token: async (role) => (await sqlTokens(server.db).create(role)).token,
    dispose: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Api {
  (method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** fetch against the server with a token; paths other than /metrics, /health, /ready and /api/… are under /api/v1. */
export function api(url: string, token?: string): Api {
  return (method, path, body, headers = {}) =>
    fetch(`${url}${/^\/(metrics|health|ready|api\/)/.test(path) ? "" : "/api/v1"}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
}

export async function waitForScan(call: Api, id: string, timeoutMs = 120_000): Promise<{ state: string; digest: string | null; attempts: number; error: string | null }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call("GET", `/scans/${id}`);
    if (res.status !== 200) throw new Error(`GET /scans/${id}: ${res.status} ${await res.text()}`);
    const scan = (await res.json()) as { state: string; digest: string | null; attempts: number; error: string | null };
    if (scan.state === "done" || scan.state === "failed" || Date.now() > until) return scan;
    await new Promise((r) => setTimeout(r, 100));
  }
}
