/** The image catalog: list, metadata, packages, delete. */
import { z } from "zod";
import { severities, type Severity } from "../../../model/finding.js";
import type { ImageRecord } from "../../catalog/catalog.js";
import type { ApiContext } from "../context.js";
import { boolText, digestOf, pageQuery, parseInput } from "../input.js";
import { notFound } from "../problem.js";
import { digestDoc, type ApiRoute } from "../route.js";
import { imageSummary, type ImageSummary } from "./summary.js";

const listQuery = z.strictObject({
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  severity: z.enum(severities, { error: `is not one of ${severities.join(", ")}` }).optional(),
  kev: boolText.optional(),
  fixable: boolText.optional(),
  ...pageQuery,
});

/** At most this many catalog rows are looked at per request when findings filter the list. */
const SCAN_BUDGET = 2000;

async function loadImage(ctx: ApiContext, params: unknown) {
  const digest = digestOf(params);
  const [image, stored] = await Promise.all([ctx.catalog.getImage(digest), ctx.catalog.getStoredInventory(digest)]);
  if (!image || !stored) throw notFound("image");
  return { image, inventory: stored.inventory, key: { digest, storedAt: stored.storedAt } };
}

const matches = (s: ImageSummary, q: z.output<typeof listQuery>): boolean =>
  (q.severity === undefined || atLeast(s.counts, q.severity)) && (q.kev !== true || s.kev > 0) && (q.fixable !== true || s.fixable > 0);

function atLeast(counts: Record<Severity, number>, min: Severity): boolean {
  return severities.slice(0, severities.indexOf(min) + 1).some((s) => counts[s] > 0);
}

export const imageRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/images",
    summary: "Images in the catalog with their finding counts (filters: repo, tag, severity at or above, has KEV, fixable); cursor pagination",
    role: "reader",
    params: [
      { name: "repo", in: "query", description: "repository, e.g. library/debian" },
      { name: "tag", in: "query", description: "tag" },
      { name: "severity", in: "query", description: "only images with a finding of this severity or higher", enum: severities },
      { name: "kev", in: "query", description: "only images with a known exploited vulnerability", enum: ["true", "false"] },
      { name: "fixable", in: "query", description: "only images with a fixable finding", enum: ["true", "false"] },
      { name: "cursor", in: "query", description: "nextCursor of the previous page" },
      { name: "limit", in: "query", description: "page size (1-500, default 50)" },
    ],
    responses: { 200: { description: "a page of images" } },
    async handler(ctx, req) {
      const q = parseInput(listQuery, req.query, "query");
      const filtered = q.severity !== undefined || q.kev !== undefined || q.fixable !== undefined;
      const items: (ImageRecord & { summary: ImageSummary })[] = [];
      let after = q.cursor;
      let seen = 0;
      let exhausted = false;
      while (items.length < q.limit && !exhausted && seen < SCAN_BUDGET) {
        const size = filtered ? 100 : q.limit - items.length;
        const batch = await ctx.catalog.listImages({ repo: q.repo, tag: q.tag, after, limit: size });
        exhausted = batch.length < size;
        for (const image of batch) {
          if (items.length === q.limit) break;
          seen++;
          after = image.digest;
          const summary = await imageSummary(ctx, image.digest);
          if (summary && matches(summary, q)) items.push({ ...image, summary });
        }
      }
      const last = await ctx.catalog.listImages({ repo: q.repo, tag: q.tag, after, limit: 1 });
      return { items, nextCursor: last.length > 0 ? after : null };
    },
  },
  {
    method: "GET",
    path: "/images/{digest}",
    summary: "An image's metadata: reference, distro, layers, platform, first and last seen",
    role: "reader",
    params: [digestDoc],
    responses: { 200: { description: "the image" } },
    async handler(ctx, req) {
      const { image, inventory } = await loadImage(ctx, req.params);
      const t = inventory.target;
      return { ...image, source: t.source, os: inventory.os ?? null, platform: t.platform ?? null, created: t.created ?? null, repoTags: t.repoTags, layers: inventory.layers, incomplete: inventory.incomplete ?? [] };
    },
  },
  {
    method: "GET",
    path: "/images/{digest}/packages",
    summary: "The packages of an image, with the layer each came from",
    role: "reader",
    params: [digestDoc],
    responses: { 200: { description: "the packages" } },
    async handler(ctx, req) {
      const { inventory } = await loadImage(ctx, req.params);
      return { packages: inventory.packages };
    },
  },
  {
    method: "DELETE",
    path: "/images/{digest}",
    summary: "Remove an image and its inventory from the catalog",
    role: "admin",
    params: [digestDoc],
    responses: { 204: { description: "deleted" } },
    async handler(ctx, req, reply) {
      const digest = digestOf(req.params);
      if (!(await ctx.catalog.deleteImage(digest))) throw notFound("image");
      ctx.findings.forget(digest);
      return reply.code(204).send();
    },
  },
];

export { loadImage };
