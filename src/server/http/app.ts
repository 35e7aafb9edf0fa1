/**
 * The HTTP app: the route table under /api/v1 (Bearer auth by role), the OpenAPI document, /health,
 * /ready, /metrics; errors as problem+json; bodies limited; JSON only on writes.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { ApiContext } from "./context.js";
import { authorize } from "./auth.js";
import { openApiDocument } from "./openapi.js";
import { HttpProblem, sendProblem } from "./problem.js";
import { API_PREFIX, fastifyPath, type ApiRoute } from "./route.js";
import { databaseRoutes } from "./routes/database.js";
import { findingRoutes } from "./routes/findings.js";
import { fleetRoutes } from "./routes/fleet.js";
import { imageRoutes } from "./routes/images.js";
import { metricsText } from "./routes/ops.js";
import { scanRoutes } from "./routes/scans.js";

/** Request bodies are small JSON documents. */
export const BODY_LIMIT = 64 * 1024;

const openApiRoute: ApiRoute = {
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  role: "reader",
  responses: { 200: { description: "the OpenAPI 3.1 document" } },
  handler: async () => openApiDocument(apiRoutes),
};

export const apiRoutes: readonly ApiRoute[] = [...scanRoutes, ...imageRoutes, ...findingRoutes, ...fleetRoutes, ...databaseRoutes, openApiRoute];

export interface AppOptions {
  /** The entry point's structured logger for requests; none: silent. */
  logger?: FastifyBaseLogger;
}

export function buildApp(ctx: ApiContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, ...(options.logger ? { loggerInstance: options.logger } : { logger: false }) });
  app.setErrorHandler((err, _req, reply) => {
    if (!(err instanceof HttpProblem) && (err as { statusCode?: number }).statusCode === undefined) app.log.error({ err }, "request failed");
    return sendProblem(reply, err);
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith(API_PREFIX)) {
      return authorize(ctx, req, "reader").then(
        () => sendProblem(reply, new HttpProblem(404, "Not Found", `no route ${req.method} ${req.url.split("?")[0]}`)),
        (err: unknown) => sendProblem(reply, err),
      );
    }
    return sendProblem(reply, new HttpProblem(404, "Not Found"));
  });
  for (const route of apiRoutes) {
    app.route({
      method: route.method,
      url: API_PREFIX + fastifyPath(route.path),
      onRequest: async (req) => authorize(ctx, req, route.role),
      handler: (req, reply) => route.handler(ctx, req, reply),
    });
  }
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_req, reply) => ((await ctx.ready()) ? { status: "ready" } : reply.code(503).send({ status: "not ready" })));
  app.get("/metrics", { onRequest: async (req) => authorize(ctx, req, "reader") }, async (_req, reply) =>
    reply.type("text/plain; version=0.0.4").send(await metricsText(ctx)),
  );
  return app;
}
