/**
 * The Harbor pluggable scanner adapter API v1.2 (goharbor/pluggable-scanner-spec), under a prefix (default
 * `/harbor`, so Harbor is registered with `http://host/harbor`): metadata, accept a scan request, serve its
 * report. Authentication: a Dredge API token with role scanner or admin, which Harbor's scanner registration
 * sends as `Authorization: Bearer …`. A scan request is always accepted (202) and queued on the push lane even
 * over the queue's cap (the entry-point contract: Harbor never retries); the registry it names is an
 * operator-configured source, so the SSRF guard allows it, and the credentials it passes are stored sealed for
 * that scan only. Reports are precomputed when the scan ends and served from the catalog for the database in
 * use (stored.ts). Errors are Harbor's `ErrorResponse` documents, not problem+json.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { errorMessage } from "../../errors.js";
import { parseReference } from "../../image/reference.js";
import { admitTarget } from "../targets.js";
import { authorize } from "../http/auth.js";
import type { ApiContext } from "../http/context.js";
import { toProblem } from "../http/problem.js";
import { SBOM_MEDIA_TYPES, scanner, type HarborArtifact, type SbomMediaType } from "./report.js";
import { partOf, sbomKind, wrapSbom, wrapVulnerabilities, type StoredKind } from "./stored.js";
import { safeParse } from "../../util/schema.js";

export const DEFAULT_HARBOR_PREFIX = "/harbor";

export const MIME = {
  metadata: "application/vnd.scanner.adapter.metadata+json; version=1.1",
  scanResponse: "application/vnd.scanner.adapter.scan.response+json; version=1.0",
  error: "application/vnd.scanner.adapter.error+json; version=1.0",
  vuln11: "application/vnd.security.vulnerability.report; version=1.1",
  harbor10: "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0",
  sbom10: "application/vnd.security.sbom.report+json; version=1.0",
  oci: "application/vnd.oci.image.manifest.v1+json",
  docker: "application/vnd.docker.distribution.manifest.v2+json",
} as const;

const consumes = [MIME.oci, MIME.docker];
const sbomTypes: readonly string[] = SBOM_MEDIA_TYPES;

/** Harbor reads `Refresh-After` as an 8-bit integer: keep it well below 128. */
export const REFRESH_AFTER_S = 5;

const scanRequest = z.object({
  registry: z.object({
    url: z.url({ protocol: /^https?$/, error: "is not an http(s) URL" }).max(1024),
    authorization: z.string().max(16 * 1024).optional(),
  }),
  artifact: z.object({
    repository: z.string().min(1).max(255),
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: "is not a sha256 digest" }),
    tag: z.string().max(128).optional(),
    mime_type: z.string().max(255).optional(),
  }),
  enabled_capabilities: z
    .array(z.object({ type: z.string(), produces_mime_types: z.array(z.string()).max(16).optional(), parameters: z.unknown().optional() }))
    .max(16)
    .optional(),
});

class HarborError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * JSON bytes with Harbor's media type as written: a Buffer, so fastify neither quotes `version="1.1"` nor adds
 * a charset (Harbor matches the type it asked for).
 */
const send = (reply: FastifyReply, status: number, type: string, body: unknown): FastifyReply =>
  reply.code(status).header("content-type", type).send(Buffer.from(JSON.stringify(body)));

function sendError(reply: FastifyReply, err: unknown): FastifyReply {
  const { status, message } =
    err instanceof HarborError ? { status: err.status, message: err.message }
    : (() => {
        const { problem } = toProblem(err);
        return { status: problem.status, message: problem.detail ?? problem.title };
      })();
  if (status === 401) void reply.header("www-authenticate", 'Bearer realm="dredge"');
  return send(reply, status, MIME.error, { error: { message } });
}

function metadata(ctx: ApiContext) {
  return {
    scanner: scanner(),
    capabilities: [
      { type: "vulnerability", consumes_mime_types: consumes, produces_mime_types: [MIME.vuln11, MIME.harbor10] },
      { type: "sbom", consumes_mime_types: consumes, produces_mime_types: [MIME.sbom10], additional_attributes: { sbom_media_types: SBOM_MEDIA_TYPES } },
    ],
    properties: {
      "harbor.scanner-adapter/scanner-type": "os-package-vulnerability",
      "harbor.scanner-adapter/vulnerability-database-updated-at": ctx.findings.builtAt(),
      "harbor.scanner-adapter/registry-authorization-type": "Bearer",
    },
  };
}

async function acceptScan(ctx: ApiContext, body: unknown) {
  const parsed = safeParse(scanRequest, body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HarborError(422, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  const { registry, artifact, enabled_capabilities: wanted } = parsed.data;
  if (artifact.mime_type !== undefined && !consumes.includes(artifact.mime_type as (typeof consumes)[number])) {
    throw new HarborError(501, `artifacts of type ${artifact.mime_type} are not supported`);
  }
  const unknown = wanted?.find((c) => c.type !== "vulnerability" && c.type !== "sbom");
  if (unknown) throw new HarborError(501, `capability ${unknown.type} is not supported`);
  const url = new URL(registry.url);
  const host = url.host;
  // Harbor's registry is an operator-configured source (the request carried the registration's credential).
  const policy = { ...ctx.policy, allowLocalTargets: false, allowRegistries: [...ctx.policy.allowRegistries, host] };
  let target;
  try {
    target = await admitTarget(`${host}/${artifact.repository}@${artifact.digest}`, policy);
  } catch (err) {
    throw new HarborError(422, errorMessage(err));
  }
  await ctx.scanCredentials.put(target.target, { host, insecure: url.protocol === "http:", ...(registry.authorization ? { authorization: registry.authorization } : {}) });
  const { job, created } = await ctx.queue.enqueue(target.target, target.dedupeKey, "push", { overCap: true });
  if (created) ctx.onEnqueued();
  return { id: job.id };
}

/** The report type asked for: Harbor's Accept value, exactly one of the produced types. */
function negotiate(accept: string | undefined): "vulnerability" | "sbom" | undefined {
  const types = (accept ?? "").split(",").map((t) => t.trim().replace(/\s*;\s*/g, "; ").toLowerCase());
  if (types.length === 0 || types.includes("") || types.includes("*/*") || types.includes(MIME.vuln11) || types.includes(MIME.harbor10)) return "vulnerability";
  if (types.includes(MIME.sbom10)) return "sbom";
  return undefined;
}

async function report(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply) {
  const kind = negotiate(req.headers.accept);
  if (!kind) throw new HarborError(501, `reports of type ${req.headers.accept} are not produced; ask for ${MIME.vuln11} or ${MIME.sbom10}`);
  const query = req.query as Record<string, unknown>;
  const sbomType = query.sbom_media_type;
  if (kind === "sbom" && (typeof sbomType !== "string" || !sbomTypes.includes(sbomType as SbomMediaType))) {
    throw new HarborError(400, `sbom_media_type must be one of ${sbomTypes.join(", ")}`);
  }
  const id = (req.params as { id?: string }).id ?? "";
  const job = safeParse(z.uuid(), id).success ? await ctx.queue.get(id) : undefined;
  if (!job) throw new HarborError(404, `scan request ${id} not found`);
  if (job.state === "queued" || job.state === "running") {
    return send(reply.header("refresh-after", String(REFRESH_AFTER_S)), 302, MIME.error, { error: { message: `scan ${job.state}` } });
  }
  if (job.state === "failed" || !job.digest) throw new HarborError(500, `the scan failed: ${job.error ?? "no image digest"}`);
  const ref = parseReference(job.target.replace(/^registry:/, ""));
  const artifact: HarborArtifact = { repository: ref.repository, digest: ref.digest ?? job.digest };
  const storedKind = kind === "sbom" ? sbomKind(sbomType as SbomMediaType) : "harbor-vulnerabilities";
  const part = await storedPart(ctx, job.digest, storedKind);
  if (kind === "sbom") return sendText(reply, MIME.sbom10, wrapSbom(part, artifact, sbomType as SbomMediaType));
  const type = (req.headers.accept ?? "").includes("harbor+json") ? MIME.harbor10 : MIME.vuln11;
  return sendText(reply, type, wrapVulnerabilities(part, artifact));
}

/** The stored part of the image's report (src/server/harbor/stored.ts), computed and stored when there is none for the versions in use. */
async function storedPart(ctx: ApiContext, digest: string, kind: StoredKind): Promise<string> {
  const part = await partOf(ctx, digest, kind);
  if (part === undefined) throw new HarborError(500, "the scan's inventory is no longer in the catalog (removed by retention or by an operator)");
  return part;
}

const sendText = (reply: FastifyReply, type: string, body: string): FastifyReply => reply.code(200).header("content-type", type).send(Buffer.from(body));

/** Registers the adapter's routes under `prefix` in a context of their own (error format, body types). */
export function registerHarbor(app: FastifyInstance, ctx: ApiContext, prefix = DEFAULT_HARBOR_PREFIX): void {
  void app.register(
    async (h) => {
      h.setErrorHandler((err, _req, reply) => sendError(reply, err));
      h.removeAllContentTypeParsers();
      // Harbor posts `application/vnd.scanner.adapter.scan.request+json; version=1.x`; plain JSON is accepted too.
      h.addContentTypeParser(/^application\/(json|vnd\.scanner\.adapter\.scan\.request\+json)/, { parseAs: "string" }, (_req, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new HarborError(400, "the body is not JSON"), undefined);
        }
      });
      const auth = { onRequest: async (req: FastifyRequest) => authorize(ctx, req, "scanner") };
      h.get("/api/v1/metadata", auth, async (_req, reply) => send(reply, 200, MIME.metadata, metadata(ctx)));
      h.post("/api/v1/scan", auth, async (req, reply) => {
        if (req.body === undefined || req.body === null || typeof req.body !== "object") throw new HarborError(400, "the body is not a JSON object");
        return send(reply, 202, MIME.scanResponse, await acceptScan(ctx, req.body));
      });
      h.get("/api/v1/scan/:id/report", auth, async (req, reply) => report(ctx, req, reply));
    },
    { prefix },
  );
}
