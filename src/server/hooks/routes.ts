/**
 * Registry push webhooks: `POST /hooks/distribution` (Docker Distribution notifications) and
 * `POST /hooks/harbor` (Harbor webhooks, default and CloudEvents formats). Each hook is served only when its
 * shared secret is configured; the request's `Authorization` header must equal it (or `Bearer SECRET`),
 * compared in constant time. Pushed image digests are queued on the `push` lane even over the queue's cap
 * (never dropped), deduplicated by target; the answer is 202 at once. The registries named must be allowed
 * like any scan target (`--allow-registry` or `/api/v1/registries`, which also gives the credentials).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { errorMessage } from "../../errors.js";
import { admitTarget } from "../targets.js";
import type { ApiContext } from "../http/context.js";
import { HttpProblem } from "../http/problem.js";
import { distributionPushes, harborPushes, type PushedImages } from "./events.js";

export interface HookSecrets {
  distribution?: string;
  harbor?: string;
}

/** Largest notification body (Distribution batches events). */
const HOOK_BODY_LIMIT = 1024 * 1024;

const sha = (s: string) => createHash("sha256").update(s).digest();

function checkSecret(req: FastifyRequest, secret: string): void {
  const given = req.headers.authorization;
  const value = typeof given === "string" ? given.replace(/^Bearer\s+/i, "") : "";
  // Hashes of equal length: constant time whatever the lengths.
  if (!timingSafeEqual(sha(value), sha(secret))) throw new HttpProblem(401, "Unauthorized", "the hook's shared secret is required in the Authorization header");
}

async function enqueueAll(ctx: ApiContext, pushes: PushedImages) {
  const configured = await ctx.registries.hosts();
  const policy = { ...ctx.policy, allowLocalTargets: false, allowRegistries: [...ctx.policy.allowRegistries, ...configured] };
  const queued: { reference: string; scanId: string }[] = [];
  const refused: { reference: string; reason: string }[] = [];
  for (const reference of pushes.references) {
    try {
      const target = await admitTarget(reference, policy);
      const { job, created } = await ctx.queue.enqueue(target.target, target.dedupeKey, "push", { overCap: true });
      if (created) ctx.onEnqueued();
      queued.push({ reference, scanId: job.id });
    } catch (err) {
      refused.push({ reference, reason: errorMessage(err) });
    }
  }
  if (queued.length === 0 && refused.length > 0) {
    throw new HttpProblem(400, "Bad Request", `no pushed image may be scanned: ${refused.map((r) => `${r.reference}: ${r.reason}`).join("; ")}`);
  }
  return { queued, refused, ignored: pushes.ignored };
}

export function registerHooks(app: FastifyInstance, ctx: ApiContext, secrets: HookSecrets): void {
  void app.register(async (h) => {
    h.removeAllContentTypeParsers();
    h.addContentTypeParser(
      /^application\/(json|cloudevents\+json|vnd\.docker\.distribution\.events\.v[12]\+json)/,
      { parseAs: "string", bodyLimit: HOOK_BODY_LIMIT },
      (_req, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new HttpProblem(400, "Bad Request", "the body is not JSON"), undefined);
        }
      },
    );
    const hook = (name: keyof HookSecrets, parse: (body: unknown) => PushedImages) => {
      const secret = secrets[name];
      if (!secret) return;
      h.post(`/hooks/${name}`, { bodyLimit: HOOK_BODY_LIMIT, onRequest: async (req) => checkSecret(req, secret) }, async (req, reply) =>
        reply.code(202).send(await enqueueAll(ctx, parse(req.body))),
      );
    };
    hook("distribution", distributionPushes);
    hook("harbor", harborPushes);
  });
}
