/**
 * The monitor's routes: an image's change history per database update (`GET /images/{digest}/history`) and a
 * full re-match of every stored image in the bulk lane (`POST /rematch`).
 */
import { z } from "zod";
import { imageHistory } from "../../monitor/history.js";
import { HttpProblem, notFound } from "../problem.js";
import { digestDoc, type ApiRoute } from "../route.js";
import { digestOf, pageQuery, parseInput } from "../input.js";

const historyQuery = z.strictObject({ ...pageQuery, limit: pageQuery.limit.default(20) });

export const monitorRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/images/{digest}/history",
    summary: "The image's changes per database update or re-match, newest first: new, resolved and changed findings, the policy verdict before/after, open counts",
    role: "reader",
    params: [
      digestDoc,
      { name: "limit", in: "query", description: "page size (1-500, default 20)" },
      { name: "cursor", in: "query", description: "next of the previous page" },
    ],
    responses: { 200: { description: "{ digest, items: ImageChange[], next }" } },
    async handler(ctx, req) {
      const digest = digestOf(req.params);
      const q = parseInput(historyQuery, req.query, "query");
      if (!(await ctx.catalog.getImage(digest))) throw notFound("image");
      const page = await imageHistory(ctx.db, digest, q.limit, q.cursor);
      return { digest, ...page };
    },
  },
  {
    method: "POST",
    path: "/rematch",
    summary: "Re-match every indexed image against the database in use, in the queue's bulk lane (never ahead of scans); changes go to the images' history",
    role: "admin",
    problems: [409],
    responses: { 202: { description: "{ runId, images }: the run planned" } },
    async handler(ctx, _req, reply) {
      if (!ctx.monitor) throw new HttpProblem(409, "Conflict", "this process does not run the monitor");
      const run = await ctx.monitor.rematch();
      void reply.code(202);
      return run;
    },
  },
];
