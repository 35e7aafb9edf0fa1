/**
 * `/subscriptions`: who is notified of what (docs/notifications.md). Admins write, readers read. The signing
 * secret is write-only (sealed at rest; records say only whether one is set). URLs are checked by the SSRF
 * guard: a host on a loopback or private address must be allowed (`--allow-notify-host`).
 */
import { z } from "zod";
import { severities } from "../../../model/finding.js";
import { connectGuard } from "../../../image/registry/index.js";
import { changeEventTypes } from "../../monitor/events.js";
import { deliveryKinds, type Subscription, type SubscriptionInput } from "../../notify/types.js";
import type { FastifyRequest } from "fastify";
import type { ApiContext } from "../context.js";
import { pageQuery, parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { API_PREFIX, type ApiRoute, type ParamDoc } from "../route.js";
import { notificationStateQuery, stateDoc } from "./notifications.js";
import { safeParse } from "../../../util/schema.js";

const glob = z.string({ error: "is not a string" }).min(1).max(255);
const globs = z.array(glob, { error: "is not a list of globs" }).max(50).optional();

const subscriptionBody = z.strictObject({
  name: z.string({ error: "is not a string" }).min(1).max(200),
  scope: z.strictObject({ registries: globs, repositories: globs, tags: globs }, { error: "is {registries, repositories, tags} (lists of globs) or null" }).nullable().default(null),
  minSeverity: z.enum(severities, { error: `is not one of ${severities.join(", ")}` }).default("UNKNOWN"),
  events: z
    .array(z.enum(changeEventTypes, { error: `is not one of ${changeEventTypes.join(", ")}` }))
    .min(1)
    .max(changeEventTypes.length)
    .default([...changeEventTypes])
    .transform((list) => changeEventTypes.filter((t) => list.includes(t))),
  kind: z.enum(deliveryKinds, { error: `is not one of ${deliveryKinds.join(", ")}` }).default("webhook"),
  url: z
    .string({ error: "is not a string" })
    .max(2048)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) && new URL(u).username === "" && new URL(u).password === "", {
      error: "is not an http(s) URL without user information",
    }),
  secret: z.string({ error: "is not a string" }).min(16, { error: "is shorter than 16 characters" }).max(1024).nullable().optional(),
  enabled: z.boolean({ error: "is not true or false" }).default(true),
});

const idParam = z.strictObject({ id: z.uuid() });
const idDoc: ParamDoc = { name: "id", in: "path", description: "subscription id", required: true };

const globList = { type: "array", items: { type: "string" }, maxItems: 50 };
const bodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["name", "url"],
  properties: {
    name: { type: "string", maxLength: 200 },
    scope: {
      description: "globs over the image's references (* within a path segment, ** across, ?); null or absent: every image",
      oneOf: [{ type: "null" }, { type: "object", additionalProperties: false, properties: { registries: globList, repositories: globList, tags: globList } }],
    },
    minSeverity: { type: "string", enum: severities, description: "findings below this do not make vulnerability events (default UNKNOWN: all)" },
    events: { type: "array", items: { type: "string", enum: changeEventTypes }, description: "default: every type" },
    kind: { type: "string", enum: deliveryKinds, description: "webhook (signed JSON), slack (incoming webhook), cloudevents (1.0, structured mode)" },
    url: { type: "string", maxLength: 2048, description: "http(s) URL the notifications are POSTed to" },
    secret: { type: ["string", "null"], minLength: 16, description: "HMAC-SHA256 key of the Dredge-Signature header; write-only; null removes it, absent keeps it" },
    enabled: { type: "boolean" },
  },
};

export const subscriptionIdOf = (params: unknown): string => {
  const r = safeParse(idParam, params);
  if (!r.success) throw notFound("subscription");
  return r.data.id;
};

/** A URL whose host is on a non-public address (and not allowed) is refused when it is given. */
async function checkUrl(ctx: ApiContext, url: string): Promise<void> {
  const u = new URL(url);
  const n = ctx.notifications;
  const guard = connectGuard({ allowed: () => n.allowHosts, ...(n.resolver ? { resolver: n.resolver } : {}) });
  const port = Number(u.port) || (u.protocol === "https:" ? 443 : 80);
  if (await guard.refuses(u.hostname, port)) {
    throw new HttpProblem(400, "Bad Request", `invalid url: ${u.host} is on a private address (start the server with --allow-notify-host ${u.host} to allow it)`);
  }
}

async function input(ctx: ApiContext, body: unknown): Promise<SubscriptionInput> {
  const parsed = parseInput(subscriptionBody, body, "request body");
  await checkUrl(ctx, parsed.url);
  return parsed as SubscriptionInput;
}

/**
 * A subscription's URL may itself be a credential (a Slack incoming-webhook URL is): admins see it whole,
 * readers only its origin.
 */
async function shown(ctx: ApiContext, req: FastifyRequest, sub: Subscription): Promise<Subscription> {
  const token = /^Bearer ([\w-]{1,200})$/.exec(String(req.headers.authorization ?? ""))?.[1];
  if (token && (await ctx.tokens.verify(token)) === "admin") return sub;
  return { ...sub, url: `${new URL(sub.url).origin}/…` };
}

async function existing(ctx: ApiContext, params: unknown) {
  const sub = await ctx.notifications.subscriptions.get(subscriptionIdOf(params));
  if (!sub) throw notFound("subscription");
  return sub;
}

const deliveriesQuery = z.strictObject({ state: notificationStateQuery, ...pageQuery });

export const subscriptionRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/subscriptions",
    summary: "Notification subscriptions (never their secrets; readers see only the origin of each URL)",
    role: "reader",
    responses: { 200: { description: "the subscriptions" } },
    handler: async (ctx, req) => ({ items: await Promise.all((await ctx.notifications.subscriptions.list()).map((sub) => shown(ctx, req, sub))) }),
  },
  {
    method: "POST",
    path: "/subscriptions",
    summary: "Subscribe a URL to events (scope globs, minimum severity, event types, delivery kind, signing secret)",
    role: "admin",
    body: bodySchema,
    responses: { 201: { description: "created" } },
    async handler(ctx, req, reply) {
      const sub = await ctx.notifications.subscriptions.create(await input(ctx, req.body));
      void reply.code(201).header("location", `${API_PREFIX}/subscriptions/${sub.id}`);
      return sub;
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{id}",
    summary: "A subscription (never its secret; readers see only the origin of its URL)",
    role: "reader",
    params: [idDoc],
    responses: { 200: { description: "the subscription" } },
    handler: async (ctx, req) => shown(ctx, req, await existing(ctx, req.params)),
  },
  {
    method: "PUT",
    path: "/subscriptions/{id}",
    summary: "Replace a subscription; secret absent is kept, null removes it",
    role: "admin",
    params: [idDoc],
    body: bodySchema,
    responses: { 200: { description: "the subscription" } },
    async handler(ctx, req) {
      const id = subscriptionIdOf(req.params);
      const sub = await ctx.notifications.subscriptions.update(id, await input(ctx, req.body));
      if (!sub) throw notFound("subscription");
      return sub;
    },
  },
  {
    method: "DELETE",
    path: "/subscriptions/{id}",
    summary: "Remove a subscription and its notifications",
    role: "admin",
    params: [idDoc],
    responses: { 204: { description: "deleted" } },
    async handler(ctx, req, reply) {
      if (!(await ctx.notifications.subscriptions.delete(subscriptionIdOf(req.params)))) throw notFound("subscription");
      return reply.code(204).send();
    },
  },
  {
    method: "GET",
    path: "/subscriptions/{id}/deliveries",
    summary: "The subscription's notifications, newest first, each with its delivery log (every attempt: time, status, error)",
    role: "reader",
    params: [idDoc, stateDoc, { name: "limit", in: "query", description: "page size (1–500, default 50)" }, { name: "cursor", in: "query", description: "from the previous page's next" }],
    responses: { 200: { description: "the notifications and the next cursor" } },
    async handler(ctx, req) {
      const sub = await existing(ctx, req.params);
      const q = parseInput(deliveriesQuery, req.query, "query");
      return ctx.notifications.notifications.list({ subscriptionId: sub.id, limit: q.limit, ...(q.state ? { state: q.state } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    },
  },
  {
    method: "POST",
    path: "/subscriptions/{id}/test",
    summary: "Send a test notification now (signed and formatted like the others; not stored, not retried); answers what the receiver said",
    role: "admin",
    params: [idDoc],
    responses: { 200: { description: "the attempt: delivered, status, error, durationMs" } },
    async handler(ctx, req) {
      const sub = await existing(ctx, req.params);
      await checkUrl(ctx, sub.url);
      const r = await ctx.notifications.tester.sendTest(sub);
      return { id: r.id, delivered: r.ok, status: r.status ?? null, error: r.error ?? null, durationMs: r.durationMs };
    },
  },
];
