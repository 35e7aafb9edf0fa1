/**
 * `GET /trends`: open findings by severity over time — one point per database version the monitor recorded
 * (src/server/monitor/), summed over the fleet, one repository (`repository`) or one image (`digest`).
 */
import { z } from "zod";
import { trends } from "../../monitor/history.js";
import { parseInput } from "../input.js";
import type { ApiRoute } from "../route.js";

/** Epoch milliseconds or an ISO 8601 time. */
const time = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const t = /^\d{1,16}$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(t)) ctx.addIssue({ code: "custom", message: "is not a time (epoch ms or ISO 8601)" });
    return t;
  });

const trendQuery = z.strictObject({
  digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/, { error: "is not a digest" }).optional(),
  repository: z.string().min(1).max(512).optional(),
  from: time.optional(),
  to: time.optional(),
});

export const trendRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/trends",
    summary: "Open findings by severity (and KEV, images counted) per database update, oldest first: the fleet, one repository or one image",
    role: "reader",
    params: [
      { name: "digest", in: "query", description: "only this image" },
      { name: "repository", in: "query", description: "only images seen under this repository (e.g. library/debian)" },
      { name: "from", in: "query", description: "points at or after this time (epoch ms or ISO 8601)" },
      { name: "to", in: "query", description: "points at or before this time (epoch ms or ISO 8601)" },
    ],
    responses: { 200: { description: "{ points: [{ at, dbVersion, critical, high, medium, low, negligible, unknown, kev, images }] }" } },
    async handler(ctx, req) {
      const q = parseInput(trendQuery, req.query, "query");
      const points = await trends(ctx.db, {
        ...(q.digest ? { digest: q.digest } : {}), ...(q.repository ? { repository: q.repository } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}), ...(q.to !== undefined ? { to: q.to } : {}),
      });
      return { points };
    },
  },
];
