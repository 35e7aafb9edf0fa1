/**
 * `GET /trends`: open findings over time, one point per vulnerability-database build, summed over the
 * images indexed against it (image_summaries), optionally for one image or one repository.
 */
import { z } from "zod";
import { parseInput } from "../input.js";
import type { ApiRoute } from "../route.js";

const MAX_POINTS = 1000;
const epochMs = z.coerce.number({ error: "is not a number" }).int().min(0);
const trendQuery = z.strictObject({
  digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/, { error: "is not a digest" }).optional(),
  repository: z.string().min(1).max(255).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
});

const sums = ["critical", "high", "medium", "low", "negligible", "unknown", "kev"] as const;

export const trendRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/trends",
    summary: "Open findings by severity (and KEV) over time: one point per vulnerability-database build, for the fleet, one image or one repository",
    role: "reader",
    params: [
      { name: "digest", in: "query", description: "only this image" },
      { name: "repository", in: "query", description: "only images of this repository (library/debian, or with its registry: index.docker.io/library/debian)" },
      { name: "from", in: "query", description: "database builds at or after this time (epoch ms)" },
      { name: "to", in: "query", description: "database builds at or before this time (epoch ms)" },
    ],
    responses: { 200: { description: "`points`: at (epoch ms), dbVersion, critical, high, medium, low, negligible, unknown, kev, images" } },
    async handler(ctx, req) {
      const q = parseInput(trendQuery, req.query, "query");
      const where = ["s.error IS NULL"];
      const params: unknown[] = [];
      const add = (sql: string, ...values: unknown[]) => {
        where.push(sql);
        for (const v of values) params.push(v);
      };
      if (q.digest !== undefined) add("s.digest = ?", q.digest);
      if (q.repository !== undefined) add("(i.repo = ? OR i.registry || '/' || i.repo = ?)", q.repository, q.repository);
      if (q.from !== undefined) add("s.db_built >= ?", q.from);
      if (q.to !== undefined) add("s.db_built <= ?", q.to);
      const rows = await ctx.db.all(
        `SELECT s.db_built AS at, MAX(s.db_version) AS db_version, ${sums.map((c) => `SUM(s.${c}) AS ${c}`).join(", ")}, COUNT(*) AS images
         FROM image_summaries s${q.repository !== undefined ? " JOIN images i ON i.digest = s.digest" : ""}
         WHERE ${where.join(" AND ")} GROUP BY s.db_built ORDER BY s.db_built DESC LIMIT ?`,
        [...params, MAX_POINTS],
      );
      const points = rows.reverse().map((r) => ({
        at: Number(r.at), dbVersion: String(r.db_version),
        ...Object.fromEntries(sums.map((c) => [c, Number(r[c] ?? 0)])), images: Number(r.images),
      }));
      return { points };
    },
  },
];
