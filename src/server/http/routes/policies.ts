/**
 * `/policies`: policy documents (docs/policy.md) stored by admins, read by readers, at most one active; and
 * `/images/{digest}/check`: the active policy's verdict on a stored image, with its history.
 */
import { z } from "zod";
import { checkPolicy, MAX_POLICY_BYTES } from "../../../policy/index.js";
import type { ApiContext } from "../context.js";
import { digestOf, parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { digestDoc, type ApiRoute, type ParamDoc } from "../route.js";
import { safeParse } from "../../../util/schema.js";

const createBody = z.strictObject({
  name: z.string().min(1).max(200),
  document: z.string().min(1).max(MAX_POLICY_BYTES),
  active: z.boolean().default(false),
});

const policyId = z.strictObject({ id: z.uuid() });
const idDoc: ParamDoc = { name: "id", in: "path", description: "policy id", required: true };
const historyQuery = z.strictObject({ limit: z.coerce.number({ error: "is not a number" }).int().min(1).max(500).default(50) });

function idOf(params: unknown): string {
  const r = safeParse(policyId, params);
  if (!r.success) throw notFound("policy");
  return r.data.id;
}

/** The policy text checked by the CLI's loader; every problem with its line and column. */
function validate(name: string, document: string) {
  const { problems, policy } = checkPolicy(document, name);
  if (!policy) {
    throw new HttpProblem(400, "Bad Request", `invalid policy: ${problems.length} problem${problems.length === 1 ? "" : "s"} (first: line ${problems[0]?.line}:${problems[0]?.column}: ${problems[0]?.message})`, {
      code: "INVALID_CONFIG",
      problems,
    });
  }
  return policy;
}

async function check(ctx: ApiContext, digest: string) {
  const verdict = await ctx.verdicts.check(digest);
  if (verdict.status === "no-policy") throw new HttpProblem(409, "Conflict", "no policy is active (POST /policies with active: true, or POST /policies/{id}/activate)");
  if (verdict.status === "unknown") {
    if (verdict.reason === "not-in-catalog") throw notFound("image");
    return { digest, status: "unknown", reason: verdict.reason, detail: verdict.detail, policy: verdict.policy, finalAction: null };
  }
  const { evaluation, cached, policy, dbVersion, storedAt } = verdict;
  return { digest, status: "evaluated", finalAction: evaluation.finalAction, reason: evaluation.reason, cached, policy, dbVersion, inventoryStoredAt: storedAt, evaluation };
}

export const policyRoutes: readonly ApiRoute[] = [
  {
    method: "POST",
    path: "/policies",
    summary: "Store a policy document (YAML or JSON text, checked like `dredge policy check`); `active: true` makes it the active policy",
    role: "admin",
    upload: {},
    body: {
      type: "object",
      required: ["name", "document"],
      additionalProperties: false,
      properties: {
        name: { type: "string", maxLength: 200 },
        document: { type: "string", description: "the policy file's text (docs/policy.md)" },
        active: { type: "boolean", default: false },
      },
    },
    responses: { 201: { description: "the stored policy (id, revision, active)" } },
    async handler(ctx, req, reply) {
      const body = parseInput(createBody, req.body, "body");
      const policy = validate(body.name, body.document);
      const stored = await ctx.policies.create(body.name, body.document, policy.revision, body.active);
      return reply.code(201).header("location", `/api/v1/policies/${stored.id}`).send(stored);
    },
  },
  {
    method: "GET",
    path: "/policies",
    summary: "The stored policies (without their documents); at most one is active",
    role: "reader",
    responses: { 200: { description: "the policies" } },
    handler: async (ctx) => ({ policies: await ctx.policies.list() }),
  },
  {
    method: "GET",
    path: "/policies/{id}",
    summary: "A stored policy with its document",
    role: "reader",
    params: [idDoc],
    responses: { 200: { description: "the policy" } },
    async handler(ctx, req) {
      const p = await ctx.policies.get(idOf(req.params));
      if (!p) throw notFound("policy");
      return p;
    },
  },
  {
    method: "POST",
    path: "/policies/{id}/activate",
    summary: "Make this policy the active one (the one verdicts and admission use)",
    role: "admin",
    params: [idDoc],
    responses: { 200: { description: "the policy, now active" } },
    async handler(ctx, req) {
      const id = idOf(req.params);
      if (!(await ctx.policies.activate(id))) throw notFound("policy");
      const { document: _d, ...p } = (await ctx.policies.get(id))!;
      return p;
    },
  },
  {
    method: "DELETE",
    path: "/policies/{id}",
    summary: "Delete a policy (deleting the active one leaves no policy active); its evaluations stay in the history",
    role: "admin",
    params: [idDoc],
    responses: { 204: { description: "deleted" } },
    async handler(ctx, req, reply) {
      if (!(await ctx.policies.delete(idOf(req.params)))) throw notFound("policy");
      return reply.code(204).send();
    },
  },
  {
    method: "GET",
    path: "/images/{digest}/check",
    summary:
      "The active policy's verdict on the stored image against the current database (cached by digest, inventory, policy revision and database version); unverified images are unknown unless the server allows unverified sources",
    role: "reader",
    params: [digestDoc],
    problems: [409],
    responses: { 200: { description: "`status: evaluated` with finalAction and the evaluation (revision, database, every rule's result), or `status: unknown`" } },
    handler: async (ctx, req) => check(ctx, digestOf(req.params)),
  },
  {
    method: "GET",
    path: "/images/{digest}/checks",
    summary: "The image's stored evaluations, newest first (one per inventory, policy revision and database version)",
    role: "reader",
    params: [digestDoc, { name: "limit", in: "query", description: "how many (1-500, default 50)" }],
    responses: { 200: { description: "the history" } },
    async handler(ctx, req) {
      const digest = digestOf(req.params);
      const { limit } = parseInput(historyQuery, req.query, "query");
      if (!(await ctx.catalog.getImage(digest))) throw notFound("image");
      return { digest, evaluations: await ctx.policies.history(digest, limit) };
    },
  },
];
