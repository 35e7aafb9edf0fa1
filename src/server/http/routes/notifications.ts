/**
 * `/notifications`: the outbox across subscriptions — the dead-letter list (`?state=dead`), one notification
 * with its event and delivery log, and redelivery of a dead (or delivered) one.
 */
import { z } from "zod";
import { notificationStates } from "../../notify/types.js";
import { pageQuery, parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import type { ApiRoute, ParamDoc } from "../route.js";
import { safeParse } from "../../../util/schema.js";

export const notificationStateQuery = z.enum(notificationStates, { error: `is not one of ${notificationStates.join(", ")}` }).optional();
export const stateDoc: ParamDoc = { name: "state", in: "query", description: "only notifications in this state", enum: notificationStates };

const listQuery = z.strictObject({ state: notificationStateQuery, ...pageQuery });
const idParam = z.strictObject({ id: z.string().regex(/^[0-9a-f]{64}$/) });
const idDoc: ParamDoc = { name: "id", in: "path", description: "notification id (its idempotency id)", required: true };

const idOf = (params: unknown): string => {
  const r = safeParse(idParam, params);
  if (!r.success) throw notFound("notification");
  return r.data.id;
};

export const notificationRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/notifications",
    summary: "Notifications of every subscription, newest first, with their delivery logs; state=dead is the dead-letter list",
    role: "reader",
    params: [stateDoc, { name: "limit", in: "query", description: "page size (1–500, default 50)" }, { name: "cursor", in: "query", description: "from the previous page's next" }],
    responses: { 200: { description: "the notifications and the next cursor" } },
    async handler(ctx, req) {
      const q = parseInput(listQuery, req.query, "query");
      return ctx.notifications.notifications.list({ limit: q.limit, ...(q.state ? { state: q.state } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    },
  },
  {
    method: "GET",
    path: "/notifications/{id}",
    summary: "A notification: its event, state and delivery log",
    role: "reader",
    params: [idDoc],
    responses: { 200: { description: "the notification" } },
    async handler(ctx, req) {
      const n = await ctx.notifications.notifications.get(idOf(req.params));
      if (!n) throw notFound("notification");
      return n;
    },
  },
  {
    method: "POST",
    path: "/notifications/{id}/redeliver",
    summary: "Send a dead (or delivered) notification again, with a fresh retry window",
    role: "admin",
    params: [idDoc],
    problems: [409],
    responses: { 202: { description: "queued for delivery" } },
    async handler(ctx, req, reply) {
      const id = idOf(req.params);
      const n = ctx.notifications;
      const r = await n.notifications.redeliver(id, n.now(), n.settings.maxAgeMs);
      if (r === "not-found") throw notFound("notification");
      if (r === "busy") throw new HttpProblem(409, "Conflict", "the notification is still being delivered (pending or sending)");
      n.deliverer?.wake();
      void reply.code(202);
      return { id, state: "pending" };
    },
  },
];
