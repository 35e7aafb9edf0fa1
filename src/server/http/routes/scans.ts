/** `POST /images` (enqueue a scan) and `GET /scans/{id}`. */
import { z } from "zod";
import { lanes } from "../../queue/types.js";
import { admitTarget } from "../../targets.js";
import { parseInput } from "../input.js";
import { notFound } from "../problem.js";
import { API_PREFIX, type ApiRoute } from "../route.js";

const postBody = z.strictObject({
  reference: z.string({ error: "is not a string" }).min(1).max(1024),
  priority: z.enum(lanes, { error: `is not one of ${lanes.join(", ")}` }).default("manual"),
});

const scanId = z.strictObject({ id: z.uuid() });

export const scanRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/images",
    summary: "Queue a scan of an image (a registry reference; a local archive path only with --allow-local-targets)",
    role: "scanner",
    body: {
      type: "object",
      additionalProperties: false,
      required: ["reference"],
      properties: { reference: { type: "string", maxLength: 1024 }, priority: { type: "string", enum: lanes } },
    },
    responses: { 202: { description: "queued (or already queued or running: the same scan)" } },
    async handler(ctx, req, reply) {
      const body = parseInput(postBody, req.body, "request body");
      const target = admitTarget(body.reference, ctx.policy);
      const { job, created } = await ctx.queue.enqueue(target.target, target.dedupeKey, body.priority);
      if (created) ctx.onEnqueued();
      void reply.code(202).header("location", `${API_PREFIX}/scans/${job.id}`);
      return { scanId: job.id, state: job.state, created };
    },
  },
  {
    method: "GET",
    path: "/scans/{id}",
    summary: "A scan's state; `digest` names the image once it is done",
    role: "reader",
    params: [{ name: "id", in: "path", description: "scan id", required: true }],
    responses: { 200: { description: "the scan" } },
    async handler(ctx, req) {
      const r = scanId.safeParse(req.params);
      const job = r.success ? await ctx.queue.get(r.data.id) : undefined;
      if (!job) throw notFound("scan");
      return job;
    },
  },
];
