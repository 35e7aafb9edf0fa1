/**
 * The admission listener (`--admission-listen`): HTTPS only (the API server calls webhooks over TLS), its
 * certificate loaded and hot-reloaded like the API's (../http/tls.ts). It serves
 * `POST /admission/v1/validate` (an AdmissionReview in, an AdmissionReview out) and `/health`; no API token
 * (the API server authenticates the webhook by its certificate, and the webhook answers only verdicts).
 *
 * A plain node:https handler for its two routes (no framework: a review is answered on every Pod created in the
 * cluster, so its path is kept short — a bounded body read, JSON.parse, a hand-written check of the fields used
 * (./fast-check.ts) and the decision from the verdict cache). Errors are RFC 9457 problems as on the API.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { errorMessage } from "../../errors.js";
import { formatOptionIssues } from "../../scan/options.js";
import { HttpProblem, PROBLEM_TYPE, toProblem } from "../http/problem.js";
import { loadTls, watchTls, type TlsFiles } from "../http/tls.js";
import { BodyError, readBody } from "./body.js";
import { decide, type AdmissionDeps } from "./decide.js";
import { readReview, reviewResponse } from "./review.js";

export const ADMISSION_PATH = "/admission/v1/validate";

/** An AdmissionReview carries the whole object (a Pod with managedFields is tens of KiB; etcd's limit is 1.5 MiB). */
export const ADMISSION_BODY_LIMIT = 3 * 1024 * 1024;

/** How long an idle keep-alive connection stays open (the API server reuses its connections to the webhook). */
const KEEP_ALIVE_MS = 72_000;

export interface AdmissionListener {
  url: string;
  close(): Promise<void>;
}

const JSON_TYPE = "application/json; charset=utf-8";
const HEALTH = JSON.stringify({ status: "ok" });

function send(res: ServerResponse, status: number, type: string, body: string, head = false): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function sendError(res: ServerResponse, err: unknown): void {
  const { problem } = toProblem(err);
  send(res, problem.status, `${PROBLEM_TYPE}; charset=utf-8`, JSON.stringify(problem));
}

async function validate(req: IncomingMessage, deps: AdmissionDeps): Promise<string> {
  const body = await readBody(req, ADMISSION_BODY_LIMIT);
  const read = readReview(body);
  if ("issues" in read) {
    const raw = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    throw new HttpProblem(400, "Bad Request", `not an admission.k8s.io/v1 AdmissionReview request: ${formatOptionIssues(read.issues, raw, (k) => k, Object.keys(raw))}`);
  }
  return JSON.stringify(reviewResponse(await decide(read.review.request, deps)));
}

/** The request handler of the listener (exported for tests over plain HTTP). */
export function admissionHandler(deps: AdmissionDeps): RequestListener {
  return (req, res) => {
    const q = req.url?.indexOf("?") ?? -1;
    const path = q < 0 ? req.url : req.url!.slice(0, q);
    if (path === ADMISSION_PATH && req.method === "POST") {
      validate(req, deps).then(
        (out) => send(res, 200, JSON_TYPE, out),
        (err: unknown) => {
          if (!(err instanceof HttpProblem) && !(err instanceof BodyError)) deps.logger.error("admission request failed", { error: errorMessage(err) });
          sendError(res, err);
        },
      );
      return;
    }
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) return send(res, 200, JSON_TYPE, HEALTH, req.method === "HEAD");
    req.resume();
    send(res, 404, JSON_TYPE, JSON.stringify({ message: `Route ${req.method}:${req.url} not found`, error: "Not Found", statusCode: 404 }));
  };
}

export async function startAdmissionListener(listen: { host: string; port: number }, tls: TlsFiles, deps: AdmissionDeps): Promise<AdmissionListener> {
  const server = createHttpsServer(loadTls(tls), admissionHandler(deps));
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject).listen({ host: listen.host, port: listen.port }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const stopTls = watchTls(server, tls, deps.logger);
  const address = server.address() as AddressInfo;
  const url = `https://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    close: async () => {
      stopTls();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    },
  };
}
