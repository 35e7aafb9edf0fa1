/**
 * `/watches`: repositories polled for new tag digests (docs/registries.md "Watched repositories"), for
 * registries that cannot send webhooks. Admins create, delete and poll now; readers list.
 */
import { z } from "zod";
import { errorMessage, isDredgeError } from "../../../errors.js";
import { parseReference } from "../../../image/reference.js";
import { parseDuration } from "../../../util/units.js";
import { admitTarget } from "../../targets.js";
import type { ApiContext } from "../context.js";
import { parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { API_PREFIX, type ApiRoute, type ParamDoc } from "../route.js";
import { safeParse } from "../../../util/schema.js";

const MIN_INTERVAL_MS = 10_000;
const MAX_TAGS = 1000;

const watchBody = z.strictObject({
  repository: z.string({ error: "is not a string" }).min(3).max(512),
  tags: z.string({ error: "is not a string" }).min(1).max(128).regex(/^[A-Za-z0-9_.*?-]+$/, { error: "is not a tag glob (tag characters, * and ?)" }).default("*"),
  interval: z
    .string({ error: "is not a duration" })
    .transform((s, c) => {
      const ms = parseDuration(s);
      if (ms === undefined || ms < MIN_INTERVAL_MS || ms > 7 * 86_400_000) {
        c.issues.push({ code: "custom", input: s, message: "is not a duration from 10s to 168h (e.g. 15m)" });
        return z.NEVER;
      }
      return ms;
    })
    .default(900_000),
  maxTags: z.number({ error: "is not a number" }).int().min(1).max(MAX_TAGS).default(100),
});

const bodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["repository"],
  properties: {
    repository: { type: "string", description: "registry host and repository, e.g. registry.example.com/team/app (no tag)" },
    tags: { type: "string", description: "tag glob: * any characters, ? one (default *)" },
    interval: { type: "string", description: "how often to poll: 10s to 168h (default 15m)" },
    maxTags: { type: "integer", minimum: 1, maximum: MAX_TAGS, description: "matching tags read per poll, in the registry's order (default 100)" },
  },
};

const watchId = z.strictObject({ id: z.uuid() });
const idDoc: ParamDoc = { name: "id", in: "path", description: "watch id", required: true };
const idOf = (params: unknown): string => {
  const r = safeParse(watchId, params);
  if (!r.success) throw notFound("watch");
  return r.data.id;
};

async function createWatch(ctx: ApiContext, body: unknown) {
  const input = parseInput(watchBody, body, "request body");
  const ref = (() => {
    try {
      return parseReference(input.repository);
    } catch (err) {
      throw new HttpProblem(400, "Bad Request", `invalid repository: ${errorMessage(err)}`);
    }
  })();
  const last = input.repository.slice(input.repository.lastIndexOf("/") + 1);
  if (last.includes(":") || input.repository.includes("@") || !input.repository.includes("/") || ref.registry === "docker.io" && !input.repository.startsWith("docker.io/")) throw new HttpProblem(400, "Bad Request", "invalid repository: name the registry and the repository, without a tag or digest");
  const configured = await ctx.registries.hosts();
  await admitTarget(`${ref.registry}/${ref.repository}:latest`, { ...ctx.policy, allowLocalTargets: false, allowRegistries: [...ctx.policy.allowRegistries, ...configured] });
  try {
    return await ctx.watches.create({ registry: ref.registry, repository: ref.repository, tags: input.tags, intervalMs: input.interval, maxTags: input.maxTags }, ctx.watcher.now());
  } catch (err) {
    if (isDredgeError(err, "USAGE")) throw new HttpProblem(409, "Conflict", err.message);
    throw err;
  }
}

export const watchRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/watches",
    summary: "Watched repositories, with their last poll and error",
    role: "reader",
    responses: { 200: { description: "the watches" } },
    handler: async (ctx) => ({ items: await ctx.watches.list() }),
  },
  {
    method: "POST",
    path: "/watches",
    summary: "Watch a repository: its tags matching a glob are polled every interval and new digests scanned (scheduled lane)",
    role: "admin",
    body: bodySchema,
    problems: [409],
    responses: { 201: { description: "watched; the first poll is due at once" } },
    async handler(ctx, req, reply) {
      const record = await createWatch(ctx, req.body);
      ctx.watcher.wake();
      void reply.code(201).header("location", `${API_PREFIX}/watches/${record.id}`);
      return record;
    },
  },
  {
    method: "GET",
    path: "/watches/{id}",
    summary: "A watched repository",
    role: "reader",
    params: [idDoc],
    responses: { 200: { description: "the watch" } },
    async handler(ctx, req) {
      const record = await ctx.watches.get(idOf(req.params));
      if (!record) throw notFound("watch");
      return record;
    },
  },
  {
    method: "POST",
    path: "/watches/{id}/poll",
    summary: "Poll a watched repository now: the tags read and the scans queued",
    role: "admin",
    params: [idDoc],
    problems: [502],
    responses: { 200: { description: "the poll's result" } },
    async handler(ctx, req) {
      const record = await ctx.watches.get(idOf(req.params));
      if (!record) throw notFound("watch");
      try {
        return await ctx.watcher.poll(record);
      } catch (err) {
        throw new HttpProblem(502, "Bad Gateway", `polling ${record.registry}/${record.repository} failed: ${errorMessage(err)}`);
      }
    },
  },
  {
    method: "DELETE",
    path: "/watches/{id}",
    summary: "Stop watching a repository",
    role: "admin",
    params: [idDoc],
    responses: { 204: { description: "deleted" } },
    async handler(ctx, req, reply) {
      if (!(await ctx.watches.delete(idOf(req.params)))) throw notFound("watch");
      return reply.code(204).send();
    },
  },
];
