/** The image catalog: list (from the findings index), metadata with tag history, packages, delete. */
import { z } from "zod";
import { severities } from "../../../model/finding.js";
import { decodeRiskCursor, listImages, verdictFilters } from "../../fleet/queries.js";
import type { ApiContext } from "../context.js";
import { boolText, digestOf, pageQuery, parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { digestDoc, type ApiRoute } from "../route.js";

const listQuery = z.strictObject({
  registry: z.string().max(255).optional(),
  repo: z.string().max(255).optional(),
  tag: z.string().max(128).optional(),
  severity: z.enum(severities, { error: `is not one of ${severities.join(", ")}` }).optional(),
  kev: boolText.optional(),
  fixable: boolText.optional(),
  verified: boolText.optional(),
  verdict: z.enum(verdictFilters, { error: `is not one of ${verdictFilters.join(", ")}` }).optional(),
  sort: z.enum(["digest", "risk"], { error: "is not one of digest, risk" }).default("digest"),
  ...pageQuery,
});

async function loadImage(ctx: ApiContext, params: unknown) {
  const digest = digestOf(params);
  const [image, stored] = await Promise.all([ctx.catalog.getImage(digest), ctx.catalog.getStoredInventory(digest)]);
  if (!image || !stored) throw notFound("image");
  return { image, inventory: stored.inventory, key: { digest, storedAt: stored.storedAt } };
}

/** What list responses say about the findings index: complete, or how many images are still pending. */
export async function indexState(ctx: ApiContext) {
  const status = await ctx.fleet.status();
  return { complete: status.complete, pending: status.pending, database: { builtAt: ctx.findings.builtAt() } };
}

export const imageRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/images",
    summary:
      "Images in the catalog with their finding counts from the findings index and their verdict by the active policy (filters: registry, repo, tag, severity at or above, has KEV, fixable, verified, verdict; sort by digest or risk); cursor pagination",
    role: "reader",
    params: [
      { name: "registry", in: "query", description: "registry host, e.g. index.docker.io" },
      { name: "repo", in: "query", description: "repository, e.g. library/debian" },
      { name: "tag", in: "query", description: "tag" },
      { name: "severity", in: "query", description: "only images with a finding of this severity or higher", enum: severities },
      { name: "kev", in: "query", description: "only images with a known exploited vulnerability", enum: ["true", "false"] },
      { name: "fixable", in: "query", description: "only images with a fixable finding", enum: ["true", "false"] },
      { name: "verified", in: "query", description: "true: only images Dredge scanned from their bytes; false: only uploaded SBOMs and client inventories (unverified)", enum: ["true", "false"] },
      {
        name: "verdict", in: "query", enum: verdictFilters,
        description: "only images whose stored verdict by the active policy (against the current database) is this one; unknown: not evaluated yet or unverified (409 without an active policy)",
      },
      { name: "sort", in: "query", description: "digest (default) or risk: most KEV findings, then critical, then high first", enum: ["digest", "risk"] },
      { name: "cursor", in: "query", description: "nextCursor of the previous page" },
      { name: "limit", in: "query", description: "page size (1-500, default 50)" },
    ],
    problems: [409],
    responses: {
      200: {
        description:
          "a page of images; with an active policy each has `verdict` (GO, WARN, STOP; null until evaluated) and the answer has `policy`; filtered by verdict, `verdictsComplete` (false while the server still evaluates images); `complete: false` and `pending` while the findings index is behind",
      },
    },
    async handler(ctx, req) {
      const q = parseInput(listQuery, req.query, "query");
      const risk = q.sort === "risk" && q.cursor !== undefined ? decodeRiskCursor(q.cursor) : undefined;
      if (q.sort === "risk" && q.cursor !== undefined && !risk) throw new HttpProblem(400, "Bad Request", "invalid query: cursor is not a cursor of this listing");
      const active = await ctx.policies.active();
      if (q.verdict !== undefined && !active) throw new HttpProblem(409, "Conflict", "no policy is active: there are no verdicts to filter by");
      const [page, state, verdictsComplete] = await Promise.all([
        listImages(ctx.db, ctx.findings.version(), { ...q, kev: q.kev === true, fixable: q.fixable === true, policy: active?.revision }, risk),
        indexState(ctx),
        active && q.verdict !== undefined ? ctx.fleet.verdictsComplete() : undefined,
      ]);
      const policy = active ? { policy: { id: active.id, name: active.name, revision: active.revision }, ...(verdictsComplete !== undefined ? { verdictsComplete } : {}) } : {};
      return { ...page, ...state, ...policy };
    },
  },
  {
    method: "GET",
    path: "/images/{digest}",
    summary: "An image's metadata: reference, every tag it was seen under, distro, layers, platform, first and last seen",
    role: "reader",
    params: [digestDoc],
    responses: { 200: { description: "the image" } },
    async handler(ctx, req) {
      const { image, inventory } = await loadImage(ctx, req.params);
      const t = inventory.target;
      const tags = await ctx.catalog.getTags(image.digest);
      return { ...image, tags, source: t.source, os: inventory.os ?? null, platform: t.platform ?? null, created: t.created ?? null, repoTags: t.repoTags, layers: inventory.layers, incomplete: inventory.incomplete ?? [] };
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
