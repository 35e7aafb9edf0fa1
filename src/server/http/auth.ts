/** Bearer tokens on /api/v1 and /metrics: no or unknown token → 401, a role below the route's → 403. */
import type { FastifyRequest } from "fastify";
import type { Role } from "../catalog/tokens.js";
import type { ApiContext } from "./context.js";
import { HttpProblem } from "./problem.js";

const rank: Record<Role, number> = { reader: 1, scanner: 2, admin: 3 };

export async function authorize(ctx: ApiContext, req: FastifyRequest, needed: Role): Promise<void> {
  const header = req.headers.authorization;
  const match = typeof header === "string" ? /^Bearer ([\w-]{1,200})$/.exec(header) : null;
  const role = match ? await ctx.tokens.verify(match[1]!) : undefined;
  if (!role) throw new HttpProblem(401, "Unauthorized", "a valid API token is required (Authorization: Bearer …)");
  if (rank[role] < rank[needed]) throw new HttpProblem(403, "Forbidden", `this needs the ${needed} role; the token has ${role}`);
}
