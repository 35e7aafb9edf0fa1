/**
 * Registry push notifications → the images to scan: Docker Distribution's notification envelope
 * (`{events: [...]}`: manifest push events; blob events, pulls and deletes ignored) and Harbor's webhook
 * (`PUSH_ARTIFACT` in the default format, `harbor.artifact.pushed` in CloudEvents structured mode; other event
 * types ignored). Each push becomes `host/repository@digest`; duplicates in one delivery are merged.
 */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { safeParse } from "../../util/schema.js";

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MANIFEST_TYPES = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);

export interface PushedImages {
  /** `host/repository@sha256:…`, each once. */
  references: string[];
  /** Events that were not pushes of an image manifest. */
  ignored: number;
}

const distributionEnvelope = z.object({
  events: z
    .array(
      z.object({
        action: z.string().max(32),
        target: z.object({ mediaType: z.string().max(255).optional(), digest: z.string().max(80).optional(), repository: z.string().max(255).optional(), url: z.string().max(2048).optional() }).optional(),
        request: z.object({ host: z.string().max(255).optional() }).optional(),
      }),
    )
    .max(10_000),
});

const bad = (message: string) => new DredgeError("PARSE_ERROR", message);

function hostOf(url: string | undefined, fallback: string | undefined): string | undefined {
  if (url) {
    try {
      return new URL(url).host;
    } catch {
      /* the request host, then */
    }
  }
  return fallback;
}

export function distributionPushes(body: unknown): PushedImages {
  const parsed = safeParse(distributionEnvelope, body);
  if (!parsed.success) throw bad(`not a Distribution notification envelope: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const references = new Set<string>();
  let ignored = 0;
  for (const e of parsed.data.events) {
    const t = e.target;
    const host = hostOf(t?.url, e.request?.host);
    if (e.action !== "push" || !t?.mediaType || !MANIFEST_TYPES.has(t.mediaType) || !t.digest || !DIGEST.test(t.digest) || !t.repository || !host) {
      ignored++;
      continue;
    }
    references.add(`${host}/${t.repository}@${t.digest}`);
  }
  return { references: [...references], ignored };
}

const harborResources = z.looseObject({
  resources: z.array(z.object({ digest: z.string().max(80).optional(), resource_url: z.string().max(2048).optional() })).max(10_000).optional(),
});
const harborEvent = z.union([
  z.object({ type: z.string().max(64), event_data: harborResources.optional() }),
  z.object({ specversion: z.string(), type: z.string().max(128), data: harborResources.optional() }),
]);

export function harborPushes(body: unknown): PushedImages {
  const parsed = safeParse(harborEvent, body);
  if (!parsed.success) throw bad("not a Harbor webhook event (default or CloudEvents format)");
  const e = parsed.data;
  const push = e.type === "PUSH_ARTIFACT" || e.type === "harbor.artifact.pushed";
  const resources = ("event_data" in e ? e.event_data : "data" in e ? e.data : undefined)?.resources ?? [];
  if (!push) return { references: [], ignored: Math.max(1, resources.length) };
  const references = new Set<string>();
  let ignored = 0;
  for (const r of resources) {
    // `host/ns/repo@digest` or `host/ns/repo:tag`: the repository, without a tag.
    const url = r.resource_url?.split("@")[0]?.replace(/:[^/:]*$/, "");
    if (!url || !r.digest || !DIGEST.test(r.digest) || !url.includes("/")) {
      ignored++;
      continue;
    }
    references.add(`${url}@${r.digest}`);
  }
  if (references.size === 0 && ignored > 0) throw bad("a PUSH_ARTIFACT event without a resource_url and sha256 digest");
  return { references: [...references], ignored };
}
