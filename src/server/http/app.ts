/**
 * The HTTP app: the route table under /api/v1 (Bearer auth by role), the OpenAPI document, /health,
 * /ready, /metrics; errors as problem+json; bodies limited; JSON only on writes.
 */
import type { Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { ApiContext } from "./context.js";
import { authorize } from "./auth.js";
import { openApiDocument } from "./openapi.js";
import { HttpProblem, sendProblem } from "./problem.js";
import { API_PREFIX, fastifyPath, type ApiRoute } from "./route.js";
import { databaseRoutes } from "./routes/database.js";
import { findingRoutes } from "./routes/findings.js";
import { fleetRoutes } from "./routes/fleet.js";
import { imageRoutes } from "./routes/images.js";
import { notificationRoutes } from "./routes/notifications.js";
import { metricsText } from "./routes/ops.js";
import { policyRoutes } from "./routes/policies.js";
import { registryRoutes } from "./routes/registries.js";
import { scanRoutes } from "./routes/scans.js";
import { subscriptionRoutes } from "./routes/subscriptions.js";
import { dashboardRoutes } from "./routes/dashboard.js";
import { sessionRoutes } from "./routes/session.js";
import { tokenRoutes } from "./routes/tokens.js";
import { registerSecurityHeaders, registerUi } from "./ui.js";
import type { TlsPair } from "./tls.js";
import { uploadRoutes } from "./routes/uploads.js";
import { monitorRoutes } from "./routes/monitor.js";
import { trendRoutes } from "./routes/trends.js";
import { watchRoutes } from "./routes/watches.js";
import { registerHarbor } from "../harbor/routes.js";
import { registerHooks } from "../hooks/routes.js";

/** Request bodies are small JSON documents, except uploads (ApiContext.uploadLimit). */
export const BODY_LIMIT = 64 * 1024;

/** Default limit of an uploaded SBOM or inventory (`--max-upload`). */
export const DEFAULT_UPLOAD_LIMIT = 32 * 1024 * 1024;

const openApiRoute: ApiRoute = {
  method: "GET",
  path: "/openapi.json",
  summary: "This document",
  role: "reader",
  responses: { 200: { description: "the OpenAPI 3.1 document" } },
  handler: async () => openApiDocument(apiRoutes),
};

export const apiRoutes: readonly ApiRoute[] = [...scanRoutes, ...uploadRoutes, ...imageRoutes, ...findingRoutes, ...fleetRoutes, ...databaseRoutes, ...registryRoutes, ...policyRoutes,
  ...subscriptionRoutes, ...notificationRoutes, ...monitorRoutes, ...trendRoutes, ...watchRoutes, ...sessionRoutes, ...tokenRoutes, ...dashboardRoutes, openApiRoute];

export interface AppOptions {
  /** The entry point's structured logger for requests; none: silent. */
  logger?: FastifyBaseLogger;
  /** Serve HTTPS with this certificate and key (tls.ts reloads them into `app.server`). */
  https?: TlsPair;
}

export function buildApp(ctx: ApiContext, options: AppOptions = {}): FastifyInstance {
  const tls = options.https;
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    // One log line per request (below), not fastify's two (incoming, completed).
    ...(options.logger ? { loggerInstance: options.logger, disableRequestLogging: true } : { logger: false }),
    // An https.Server is an http.Server to fastify's routing; its type only lacks the name.
    ...(tls ? { serverFactory: (handler: Parameters<typeof createHttpsServer>[1]) => createHttpsServer({ ...tls }, handler) as unknown as Server } : {}),
  });
  // Request duration by route pattern (never the raw URL: bounded label values).
  app.addHook("onResponse", async (req, reply) => {
    ctx.counters.httpSeconds.observe({ method: req.method, route: req.routeOptions.url ?? "unmatched" }, reply.elapsedTime / 1000);
    if (options.logger) req.log.info({ method: req.method, url: req.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime }, "request");
  });
  app.setErrorHandler((err, _req, reply) => {
    if (!(err instanceof HttpProblem) && (err as { statusCode?: number }).statusCode === undefined) app.log.error({ err }, "request failed");
    return sendProblem(reply, err);
  });
  // Unknown routes are answered before their body is read: a client posting a large upload to a wrong path
  // learns it is a 404, not that its body is over the default limit.
  const notFoundProblem = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.url.startsWith(API_PREFIX)) await authorize(ctx, req, "reader");
    return sendProblem(reply, new HttpProblem(404, "Not Found", req.url.startsWith(API_PREFIX) ? `no route ${req.method} ${req.url.split("?")[0]}` : undefined));
  };
  app.addHook("onRequest", async (req, reply) => (req.is404 ? notFoundProblem(req, reply) : undefined));
  app.setNotFoundHandler((req, reply) => notFoundProblem(req, reply).catch((err: unknown) => sendProblem(reply, err)));
  const register = (server: FastifyInstance, route: ApiRoute) =>
    server.route({
      method: route.method,
      url: API_PREFIX + fastifyPath(route.path),
      ...(route.upload ? { bodyLimit: ctx.uploadLimit } : {}),
      onRequest: async (req) => (route.role === "public" ? undefined : authorize(ctx, req, route.role)),
      handler: (req, reply) => route.handler(ctx, req, reply),
    });
  for (const route of apiRoutes.filter((r) => !r.upload?.mediaTypes)) register(app, route);
  // Uploaded documents are read as bytes (the SBOM readers sniff and parse them), in a context of their own.
  void app.register(async (raw) => {
    const routes = apiRoutes.filter((r) => r.upload?.mediaTypes);
    raw.removeAllContentTypeParsers();
    const types = [...new Set(routes.flatMap((r) => r.upload!.mediaTypes!))];
    raw.addContentTypeParser(types, { parseAs: "buffer", bodyLimit: ctx.uploadLimit }, (_req, body, done) => done(null, body));
    for (const route of routes) register(raw, route);
  });
  registerSecurityHeaders(app);
  registerUi(app, ctx.uiDir);
  if (ctx.harborPrefix) registerHarbor(app, ctx, ctx.harborPrefix);
  if (ctx.hookSecrets) registerHooks(app, ctx, ctx.hookSecrets);
  app.get("/health", async () => ({ status: "ok" }));
  app.get("/ready", async (_req, reply) => ((await ctx.ready()) ? { status: "ready" } : reply.code(503).send({ status: "not ready" })));
  app.get("/metrics", { onRequest: async (req) => authorize(ctx, req, "reader") }, async (_req, reply) =>
    reply.type("text/plain; version=0.0.4").send(await metricsText(ctx)),
  );
  return app;
}
