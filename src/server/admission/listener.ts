/**
 * The admission listener (`--admission-listen`): HTTPS only (the API server calls webhooks over TLS), its
 * certificate loaded and hot-reloaded like the API's (../http/tls.ts). It serves
 * `POST /admission/v1/validate` (an AdmissionReview in, an AdmissionReview out) and `/health`; no API token
 * (the API server authenticates the webhook by its certificate, and the webhook answers only verdicts).
 */
import type { Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import Fastify, { type FastifyInstance } from "fastify";
import { errorMessage } from "../../errors.js";
import { formatOptionIssues } from "../../scan/options.js";
import { HttpProblem, sendProblem } from "../http/problem.js";
import { loadTls, watchTls, type TlsFiles } from "../http/tls.js";
import { decide, type AdmissionDeps } from "./decide.js";
import { admissionReviewSchema, reviewResponse } from "./review.js";
import { safeParse } from "../../util/schema.js";

export const ADMISSION_PATH = "/admission/v1/validate";

/** An AdmissionReview carries the whole object (a Pod with managedFields is tens of KiB; etcd's limit is 1.5 MiB). */
export const ADMISSION_BODY_LIMIT = 3 * 1024 * 1024;

export interface AdmissionListener {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export function buildAdmissionApp(deps: AdmissionDeps, https?: { cert: Buffer; key: Buffer }): FastifyInstance {
  const app = Fastify({
    bodyLimit: ADMISSION_BODY_LIMIT,
    logger: false,
    ...(https ? { serverFactory: (handler: Parameters<typeof createHttpsServer>[1]) => createHttpsServer({ ...https }, handler) as unknown as Server } : {}),
  });
  app.setErrorHandler((err, _req, reply) => {
    if (!(err instanceof HttpProblem) && (err as { statusCode?: number }).statusCode === undefined) deps.logger.error("admission request failed", { error: errorMessage(err) });
    return sendProblem(reply, err);
  });
  app.post(ADMISSION_PATH, async (req) => {
    const parsed = safeParse(admissionReviewSchema, req.body);
    if (!parsed.success) {
      const raw = req.body !== null && typeof req.body === "object" ? (req.body as Record<string, unknown>) : {};
      throw new HttpProblem(400, "Bad Request", `not an admission.k8s.io/v1 AdmissionReview request: ${formatOptionIssues(parsed.error.issues, raw, (k) => k, Object.keys(raw))}`);
    }
    return reviewResponse(await decide(parsed.data.request, deps));
  });
  app.get("/health", async () => ({ status: "ok" }));
  return app;
}

export async function startAdmissionListener(listen: { host: string; port: number }, tls: TlsFiles, deps: AdmissionDeps): Promise<AdmissionListener> {
  const app = buildAdmissionApp(deps, loadTls(tls));
  await app.listen({ host: listen.host, port: listen.port });
  const stopTls = watchTls(app.server as unknown as HttpsServer, tls, deps.logger);
  const address = app.server.address();
  const url = address && typeof address === "object" ? `https://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : "";
  return {
    url,
    app,
    close: async () => {
      stopTls();
      await app.close();
    },
  };
}
