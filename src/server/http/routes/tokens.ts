/** `/tokens` (admin): list API tokens (never their secrets), create one (its secret shown once), revoke one (its sessions end). */
import { z } from "zod";
import { roles, sqlTokenAdmin } from "../../catalog/tokens.js";
import { parseInput } from "../input.js";
import { notFound } from "../problem.js";
import type { ApiRoute } from "../route.js";
import { safeParse } from "../../../util/schema.js";

const createBody = z.strictObject({
  role: z.enum(roles, { error: `is not one of ${roles.join(", ")}` }),
  name: z.string().min(1).max(200).optional(),
});
const tokenId = z.strictObject({ id: z.uuid() });

export const tokenRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/tokens",
    summary: "The API tokens: id, name, role, creation time (never the secret)",
    role: "admin",
    responses: { 200: { description: "the tokens" } },
    handler: async (ctx) => ({ tokens: await sqlTokenAdmin(ctx.db).list() }),
  },
  {
    method: "POST",
    path: "/tokens",
    summary: "Create an API token with a role (and a name); the secret is in this answer only",
    role: "admin",
    body: { type: "object", required: ["role"], properties: { role: { type: "string", enum: roles }, name: { type: "string" } }, additionalProperties: false },
    responses: { 201: { description: "the token, with its secret" } },
    async handler(ctx, req, reply) {
      const { role, name } = parseInput(createBody, req.body, "body");
      void reply.code(201).header("cache-control", "no-store");
      return sqlTokenAdmin(ctx.db).create(role, name);
    },
  },
  {
    method: "DELETE",
    path: "/tokens/{id}",
    summary: "Revoke an API token: it stops working at once, and so do the dashboard sessions opened with it",
    role: "admin",
    params: [{ name: "id", in: "path", description: "token id", required: true }],
    responses: { 204: { description: "revoked" } },
    async handler(ctx, req, reply) {
      const r = safeParse(tokenId, req.params);
      if (!r.success || !(await sqlTokenAdmin(ctx.db).revoke(r.data.id))) throw notFound("token");
      // Verified tokens are kept in memory briefly (catalog/tokens.ts): the revoked one must fail from now on.
      ctx.tokens.forget();
      return reply.code(204).send();
    },
  },
];
