/** `POST /images` (enqueue a scan) and `GET /scans/{id}`. */
import { z } from "zod";
import { requestLanes } from "../../queue/types.js";
import { admitTarget } from "../../targets.js";
import { DredgeError } from "../../../errors.js";
import type { ApiContext } from "../context.js";
import { digestParam, parseInput } from "../input.js";
import { notFound } from "../problem.js";
import { API_PREFIX, type ApiRoute } from "../route.js";
import { safeParse } from "../../../util/schema.js";

const postBody = z
  .strictObject({
    reference: z.string({ error: "is not a string" }).min(1).max(1024).optional(),
    digest: digestParam.shape.digest.optional(),
    credentials: z.uuid({ error: "is not a registry id" }).optional(),
    priority: z.enum(requestLanes, { error: `is not one of ${requestLanes.join(", ")}` }).default("manual"),
  })
  .refine((b) => (b.reference === undefined) !== (b.digest === undefined), { error: "give either reference or digest", path: ["reference"] });

/** `digest`: an image of the catalog, scanned again from the registry it came from. */
async function referenceOf(ctx: ApiContext, body: z.output<typeof postBody>): Promise<string> {
  if (body.reference !== undefined) return body.reference;
  const image = await ctx.catalog.getImage(body.digest!);
  if (!image) throw notFound("image");
  if (!image.registry || !image.repo) throw new DredgeError("USAGE", `image ${body.digest} did not come from a registry`, { hint: "give its reference" });
  return `${image.registry}/${image.repo}@${body.digest}`;
}

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
      properties: {
        reference: { type: "string", maxLength: 1024, description: "an image reference (or, with --allow-local-targets, a path)" },
        digest: { type: "string", description: "instead of reference: an image of the catalog, scanned again from its registry" },
        credentials: { type: "string", format: "uuid", description: "id of a configured registry (/registries) whose credentials the scan uses; it must be the image's registry" },
        priority: { type: "string", enum: requestLanes },
      },
      oneOf: [{ required: ["reference"] }, { required: ["digest"] }],
    },
    responses: { 202: { description: "queued (or already queued or running: the same scan)" } },
    async handler(ctx, req, reply) {
      const body = parseInput(postBody, req.body, "request body");
      const configured = await ctx.registries.list();
      const policy = { ...ctx.policy, allowRegistries: [...ctx.policy.allowRegistries, ...configured.map((r) => r.host)] };
      const target = await admitTarget(await referenceOf(ctx, body), policy);
      if (body.credentials !== undefined) {
        const registry = configured.find((r) => r.id === body.credentials);
        if (!registry) throw new DredgeError("USAGE", `no registry ${body.credentials} is configured`, { hint: "GET /api/v1/registries lists them" });
        if (registry.host !== target.reference?.registry) {
          throw new DredgeError("USAGE", `registry ${body.credentials} is ${registry.host}, not the registry of the image (${target.reference?.registry ?? "a local path"})`);
        }
      }
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
      const r = safeParse(scanId, req.params);
      const job = r.success ? await ctx.queue.get(r.data.id) : undefined;
      if (!job) throw notFound("scan");
      return job;
    },
  },
];
