/**
 * What the dashboard reads besides the catalog routes: the fleet overview (counts by severity, KEV and
 * fixable images, queue, policy verdicts, database age), an image's scan history, and a policy document
 * tried against a stored image without storing either (admin).
 */
import { z } from "zod";
import { severities } from "../../../model/finding.js";
import { checkPolicy, MAX_POLICY_BYTES } from "../../../policy/index.js";
import { one } from "../../db/sql.js";
import { evaluateStored, everything } from "../../verdicts.js";
import { digestOf, parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { digestDoc, type ApiRoute } from "../route.js";
import { loadImage } from "./images.js";

const columns = ["critical", "high", "medium", "low", "negligible", "unknown"] as const;
const historyQuery = z.strictObject({ limit: z.coerce.number({ error: "is not a number" }).int().min(1).max(500).default(50) });
const testBody = z.strictObject({ document: z.string().min(1).max(MAX_POLICY_BYTES), digest: z.string().max(200) });

type Totals = Record<(typeof columns)[number] | "images" | "kev_images" | "fixable_images" | "kev", number | null>;

export const dashboardRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/overview",
    summary:
      "The fleet at a glance against the current database: findings by severity, images (indexed, with KEV findings, fixable), queue by state, the active policy's verdicts, database age",
    role: "reader",
    responses: { 200: { description: "the overview" } },
    async handler(ctx) {
      const version = ctx.findings.version();
      const [totals, images, queue, active] = await Promise.all([
        one<Totals>(
          ctx.db,
          `SELECT ${columns.map((c) => `SUM(${c}) AS ${c}`).join(", ")}, SUM(kev) AS kev, COUNT(*) AS images,
             SUM(CASE WHEN kev > 0 THEN 1 ELSE 0 END) AS kev_images, SUM(CASE WHEN fixable > 0 THEN 1 ELSE 0 END) AS fixable_images
           FROM image_summaries WHERE db_version = ? AND error IS NULL`,
          [version],
        ),
        one<{ n: number }>(ctx.db, "SELECT COUNT(*) AS n FROM images"),
        ctx.queue.counts(),
        ctx.policies.active(),
      ]);
      const verdicts: Record<string, number> = {};
      if (active) {
        const rows = await ctx.db.all<{ final_action: string; n: number }>(
          "SELECT final_action, COUNT(DISTINCT digest) AS n FROM policy_evaluations WHERE revision = ? AND db_version = ? GROUP BY final_action",
          [active.revision, version],
        );
        for (const r of rows) verdicts[r.final_action] = Number(r.n);
      }
      const n = (v: number | null | undefined) => Number(v ?? 0);
      const info = ctx.findings.info();
      const built = Date.parse(info.builtAt);
      return {
        counts: Object.fromEntries(severities.map((s, i) => [s, n(totals?.[columns[i]!])])),
        kev: n(totals?.kev),
        images: { total: n(images?.n), indexed: n(totals?.images), withKev: n(totals?.kev_images), fixable: n(totals?.fixable_images) },
        queue,
        policy: active ? { id: active.id, name: active.name, revision: active.revision, verdicts } : null,
        database: { version, builtAt: info.builtAt, ageSeconds: Number.isNaN(built) ? null : Math.max(0, Math.round((Date.now() - built) / 1000)), stale: info.stale === true },
      };
    },
  },
  {
    method: "GET",
    path: "/images/{digest}/scans",
    summary: "The scans that produced this image, newest first: state, target, lane, attempts, times, error",
    role: "reader",
    params: [digestDoc, { name: "limit", in: "query", description: "how many (1-500, default 50)" }],
    responses: { 200: { description: "the scan history" } },
    async handler(ctx, req) {
      const digest = digestOf(req.params);
      const { limit } = parseInput(historyQuery, req.query, "query");
      if (!(await ctx.catalog.getImage(digest))) throw notFound("image");
      const rows = await ctx.db.all(
        "SELECT id, target, state, lane, attempts, error, created_at, started_at, finished_at FROM scans WHERE digest = ? ORDER BY created_at DESC, id LIMIT ?",
        [digest, limit],
      );
      const time = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      return {
        digest,
        scans: rows.map((r) => ({
          id: r.id, target: r.target, state: r.state, lane: r.lane, attempts: Number(r.attempts), error: r.error ?? null,
          createdAt: time(r.created_at), startedAt: time(r.started_at), finishedAt: time(r.finished_at),
        })),
      };
    },
  },
  {
    method: "POST",
    path: "/policies/test",
    summary: "Evaluate a policy document (not stored) on a stored image against the current database; nothing is recorded",
    role: "admin",
    upload: {},
    body: { type: "object", required: ["document", "digest"], properties: { document: { type: "string" }, digest: { type: "string" } }, additionalProperties: false },
    responses: { 200: { description: "the evaluation: final action, reason, every rule's result" } },
    async handler(ctx, req) {
      const { document, digest } = parseInput(testBody, req.body, "body");
      const { problems, policy } = checkPolicy(document, "policy under test");
      if (!policy) throw new HttpProblem(400, "Bad Request", `invalid policy: ${problems[0]?.line}:${problems[0]?.column}: ${problems[0]?.message}`, { code: "INVALID_CONFIG", problems });
      const { image, inventory, key } = await loadImage(ctx, { digest });
      const report = await ctx.findings.report(key, inventory, everything, false);
      const evaluation = evaluateStored(policy, image, inventory, report, new Date());
      return { digest, dbVersion: ctx.findings.version(), finalAction: evaluation.finalAction, reason: evaluation.reason, evaluation };
    },
  },
];
