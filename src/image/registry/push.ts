/** Push primitives: blob upload (POST + monolithic PUT) and manifest PUT. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { DredgeError } from "../../errors.js";
import { sha256Digest, verifyBuffer } from "./digest.js";
import type { RegistrySession } from "./session.js";
import type { HttpRequest } from "./transport.js";

/** A blob to push: bytes in memory, or a file (streamed, re-opened on retry). */
export type BlobContent = Buffer | { path: string; digest?: string; size?: number };

export interface PushedBlob {
  digest: string;
  size: number;
  /** False when the registry already had it. */
  uploaded: boolean;
}

async function describe(content: BlobContent): Promise<{ digest: string; size: number; body: HttpRequest["body"] }> {
  if (Buffer.isBuffer(content)) return { digest: sha256Digest(content), size: content.length, body: content };
  const size = content.size ?? (await stat(content.path)).size;
  let digest = content.digest;
  if (!digest) {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(content.path)) hash.update(chunk as Buffer);
    digest = `sha256:${hash.digest("hex")}`;
  }
  return { digest, size, body: () => createReadStream(content.path) };
}

export interface PushedManifest {
  digest: string;
  /** The `OCI-Subject` header: the registry indexed the manifest's `subject` (it has the referrers API). */
  ociSubject?: string;
}

export async function pushBlob(
  s: RegistrySession,
  repository: string,
  content: BlobContent,
  signal: AbortSignal | undefined,
  exists: (digest: string) => Promise<boolean>,
): Promise<PushedBlob> {
  const { digest, size, body } = await describe(content);
  if (await exists(digest)) return { digest, size, uploaded: false };
  const subject = s.subject(repository, `blob upload ${digest}`);
  const start = await s.url(repository, "blobs/uploads/", signal);
  const post = await s.request(subject, "pull,push", { method: "POST", url: start, body: Buffer.alloc(0) }, signal);
  if (post.status !== 202) throw await s.failure(subject, post, start);
  await post.body?.cancel().catch(() => undefined);
  const location = post.headers.get("location");
  if (!location) throw new DredgeError("REGISTRY_ERROR", `${s.options.registry} started an upload for ${repository} without a Location`);
  const target = new URL(location, start);
  target.searchParams.set("digest", digest);
  const headers: Record<string, string> = { "content-type": "application/octet-stream" };
  const req: HttpRequest = { method: "PUT", url: target.href, headers, body, followRedirects: false };
  // The upload URL may live on another host: credentials only go to the registry's own origin.
  const sameOrigin = target.origin === new URL(start).origin;
  const put = sameOrigin ? await s.request(subject, "pull,push", req, signal) : await s.transport.send(req, signal);
  if (put.status !== 201) throw await s.failure(subject, put, target.href);
  await put.body?.cancel().catch(() => undefined);
  const returned = put.headers.get("docker-content-digest");
  if (returned && returned !== digest) {
    throw new DredgeError("DIGEST_MISMATCH", `blob ${digest} pushed to ${s.options.registry}/${repository}: registry reports ${returned}`);
  }
  return { digest, size, uploaded: true };
}

export async function pushManifest(
  s: RegistrySession,
  repository: string,
  reference: string,
  bytes: Buffer,
  mediaType: string,
  signal: AbortSignal | undefined,
): Promise<PushedManifest> {
  const digest = sha256Digest(bytes);
  if (reference.includes(":")) verifyBuffer(bytes, reference, `manifest pushed as ${reference}`);
  const subject = s.subject(repository, `manifest ${reference}`);
  const url = await s.url(repository, `manifests/${reference}`, signal);
  const req: HttpRequest = { method: "PUT", url, headers: { "content-type": mediaType }, body: bytes, followRedirects: false };
  const res = await s.request(subject, "pull,push", req, signal);
  if (res.status !== 201 && res.status !== 200) throw await s.failure(subject, res, url);
  await res.body?.cancel().catch(() => undefined);
  const returned = res.headers.get("docker-content-digest");
  if (returned && returned.startsWith("sha256:") && returned !== digest) {
    throw new DredgeError("DIGEST_MISMATCH", `manifest ${reference} pushed to ${s.options.registry}/${repository}: registry reports ${returned}, expected ${digest}`);
  }
  const ociSubject = res.headers.get("oci-subject") ?? undefined;
  return { digest, ...(ociSubject ? { ociSubject } : {}) };
}
