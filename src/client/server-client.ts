/**
 * The HTTP client of a Dredge server's API (client mode: `dredge image IMAGE --server URL`). It posts an
 * inventory the runner analysed (`POST /api/v1/inventories`) and returns the server's match, checked by a
 * bounded schema. Every failure is a DredgeError naming the server: unreachable (NETWORK), 401
 * (AUTH_REQUIRED), 403 (ACCESS_DENIED), 413 (LIMIT_EXCEEDED), 429 (RATE_LIMITED), and the server's
 * problem+json details otherwise (its code when Dredge knows it, else SERVER_ERROR). Never logs the token.
 * An https server is verified against the system's CAs, plus `ca` when given (a private CA); `insecure` skips
 * the check (tests, never production).
 */
import type * as Tls from "node:tls";
import type { Dispatcher } from "undici";
import { z } from "zod";
import { DredgeError, errorMessage, type ErrorCode } from "../errors.js";
import { findingStatuses, severities, type VulnerabilityFinding } from "../model/finding.js";
import type { Inventory } from "../model/inventory.js";
import { packageClasses } from "../model/package.js";
import type { InventoryMatch } from "../scan/inventory-match.js";
import { safeParse } from "../util/schema.js";
import { lazyBuiltin } from "../util/lazy-builtin.js";

const tls = lazyBuiltin<typeof Tls>("node:tls");

export interface ServerClientOptions {
  /** `http(s)://host[:port]` (a path prefix is kept: `https://host/dredge`). */
  url: string;
  /** An API token (`dredge server token create --role scanner`). */
  token?: string;
  signal?: AbortSignal;
  /** Largest answer read, bytes (default 512 MiB). */
  maxResponseBytes?: number;
  /** PEM certificates of CAs trusted for an https server, besides the system's (`--server-ca-file`). */
  ca?: string;
  /** Do not verify the https server's certificate (`--server-insecure`). */
  insecure?: boolean;
}

/** The part of a fetch Response read here (the global one, or undici's). */
interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  body: (AsyncIterable<Uint8Array> & { cancel(): Promise<void> }) | null;
}

type Fetch = (url: URL, init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<Answer>;

/**
 * The global fetch, or undici's over an Agent with the TLS settings asked for (loaded only then). `ca` replaces
 * Node's default roots, so the system's are passed along with the extra ones.
 */
function fetcher(options: ServerClientOptions): () => Promise<Fetch> {
  if (options.ca === undefined && !options.insecure) return () => Promise.resolve(fetch as unknown as Fetch);
  let made: Promise<Fetch> | undefined;
  return () =>
    (made ??= import("undici").then((u) => {
      const connect = { rejectUnauthorized: !options.insecure, ...(options.ca !== undefined ? { ca: [...tls().rootCertificates, options.ca] } : {}) };
      const dispatcher: Dispatcher = new u.Agent({ connect });
      return ((url, init) => u.fetch(url, { ...init, dispatcher })) as Fetch;
    }));
}

export interface InventoryUpload {
  /** The catalog key the server filed the inventory under. */
  digest: string;
  /** `/api/v1/images/{digest}` on the server. */
  location: string;
  /** False when the server holds a verified scan of this digest (the inventory was matched, not stored). */
  stored: boolean;
  match: InventoryMatch;
}

export interface ServerClient {
  postInventory(inventory: Inventory): Promise<InventoryUpload>;
}

const DEFAULT_MAX_RESPONSE = 512 * 1024 * 1024;

const findingSchema = z.looseObject({
  id: z.string().max(1_000),
  severity: z.enum(severities as [string, ...string[]]),
  status: z.enum(findingStatuses as [string, ...string[]]),
  fixedVersions: z.array(z.string().max(1_000)).max(10_000),
  installedVersion: z.string().max(1_000),
  package: z.looseObject({ name: z.string().max(4_096), version: z.string().max(1_024), class: z.enum(packageClasses as [string, ...string[]]) }),
});

const uploadSchema = z.object({
  digest: z.string().max(300),
  location: z.string().max(400),
  stored: z.boolean(),
  match: z.object({
    findings: z.array(findingSchema).max(10_000_000),
    warnings: z.array(z.string()).max(1_000_000),
    coverage: z.array(z.object({
      kind: z.enum(["os", "ecosystem", "runtime"]), name: z.string(), namespaces: z.array(z.string()), packages: z.number(), checked: z.boolean(), reason: z.string().optional(),
    })).max(10_000),
    database: z.object({ schemaVersion: z.number(), builtAt: z.string(), digest: z.string().optional(), stale: z.boolean().optional() }),
    staleWarning: z.string().optional(),
  }),
});

const problemSchema = z.object({ title: z.string().optional(), status: z.number().optional(), detail: z.string().optional(), code: z.string().optional() });

/** Codes a server's problem may carry that mean the same here. */
const passedOn: ReadonlySet<string> = new Set<ErrorCode>(["USAGE", "PARSE_ERROR", "LIMIT_EXCEEDED", "CONFLICT", "DB_NOT_FOUND", "DB_LOCKED", "UNSUPPORTED_MEDIA_TYPE"]);

export function serverBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DredgeError("USAGE", `invalid --server: "${text}" is not a URL`, { hint: "e.g. --server http://dredge.internal:8080" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DredgeError("USAGE", `invalid --server: "${text}" is not an http or https URL`);
  if (url.username || url.password) throw new DredgeError("USAGE", "invalid --server: put the token in DREDGE_TOKEN or --token, not in the URL");
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

export function serverClient(options: ServerClientOptions): ServerClient {
  const base = serverBaseUrl(options.url);
  const where = base.origin + base.pathname.replace(/\/$/, "");
  const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const getFetch = fetcher(options);

  async function post(path: string, body: string): Promise<{ status: number; text: string; type: string }> {
    let res: Answer;
    try {
      const doFetch = await getFetch();
      res = await doFetch(new URL(path, base), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        body,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const cause = causeOf(err);
      const tls = /CERT|SSL|TLS|self[- ]signed|certificate/i.test(cause);
      throw new DredgeError("NETWORK", `cannot reach the Dredge server at ${where}: ${cause}`, {
        hint: tls
          ? "the server's TLS certificate is not trusted here: give its CA with --server-ca-file (or NODE_EXTRA_CA_CERTS)"
          : "check --server and that dredge server is running and reachable from here",
        cause: err,
      });
    }
    return { status: res.status, type: res.headers.get("content-type") ?? "", text: await readLimited(res, max, where) };
  }

  return {
    async postInventory(inventory) {
      const body = JSON.stringify(inventory);
      const res = await post("api/v1/inventories", body);
      if (res.status !== 200 && res.status !== 201) throw problemError(res, where, body.length);
      const parsed = safeParse(uploadSchema, parseJson(res.text, where));
      if (!parsed.success) {
        throw new DredgeError("SERVER_ERROR", `the Dredge server at ${where} sent an answer Dredge cannot read: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`, {
          hint: "is the server the same version of Dredge as this client?",
        });
      }
      const { match, ...rest } = parsed.data;
      return { ...rest, match: { ...match, findings: match.findings as unknown as VulnerabilityFinding[] } };
    },
  };
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DredgeError("SERVER_ERROR", `the Dredge server at ${where} did not answer with JSON`, { hint: "check that --server names a Dredge server" });
  }
}

/** The error for a non-success answer (problem+json details when the server sent them). */
function problemError(res: { status: number; text: string; type: string }, where: string, sent: number): DredgeError {
  let problem: z.output<typeof problemSchema> = {};
  if (/json/.test(res.type)) {
    try {
      problem = problemSchema.parse(JSON.parse(res.text));
    } catch {
      // not a problem document: the status alone speaks
    }
  }
  const detail = problem.detail ? `: ${problem.detail}` : problem.title ? `: ${problem.title}` : "";
  const says = `the Dredge server at ${where} answered ${res.status}${detail}`;
  switch (res.status) {
    case 401:
      return new DredgeError("AUTH_REQUIRED", says, { hint: "set DREDGE_TOKEN (or --token) to a token from `dredge server token create --role scanner`" });
    case 403:
      return new DredgeError("ACCESS_DENIED", says, { hint: "client mode needs a token with the scanner (or admin) role" });
    case 404:
      return new DredgeError("SERVER_ERROR", says, { hint: "check --server: it names the server's address, without /api/v1" });
    case 413:
      return new DredgeError("LIMIT_EXCEEDED", `${says} (the inventory is ${sent} bytes)`, { hint: "raise the server's upload limit (dredge server --max-upload)" });
    case 429:
      return new DredgeError("RATE_LIMITED", says, { hint: "try again later" });
    default: {
      const code = problem.code && passedOn.has(problem.code) ? (problem.code as ErrorCode) : "SERVER_ERROR";
      return new DredgeError(code, says, res.status >= 500 ? { hint: "the server's log says more" } : {});
    }
  }
}

async function readLimited(res: Answer, max: number, where: string): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > max) {
    await res.body?.cancel();
    throw new DredgeError("LIMIT_EXCEEDED", `the answer of the Dredge server at ${where} is larger than ${max} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!res.body) return "";
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > max) throw new DredgeError("LIMIT_EXCEEDED", `the answer of the Dredge server at ${where} is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? errorMessage(err);
}
