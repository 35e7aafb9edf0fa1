/** RegistryClient: the OCI distribution operations Dredge needs, pulling and pushing, for one registry. */
import { Readable } from "node:stream";
import { DredgeError } from "../../errors.js";
import { parseManifest, type ImageIndex, type ParsedManifest } from "../manifest.js";
import { acceptManifestTypes, MediaTypes } from "../media-types.js";
import { digestOf, verifyBuffer, VerifyingStream } from "./digest.js";
import { transportError } from "./errors.js";
import { pushBlob, pushManifest, type BlobContent, type PushedBlob, type PushedManifest } from "./push.js";
import { RegistrySession, type SessionOptions } from "./session.js";
import { listTags, type TagListOptions } from "./tags.js";

export type RegistryClientOptions = SessionOptions;

export interface FetchedManifest {
  /** Digest of the bytes (the one asked for, or the verified Docker-Content-Digest, or sha256 of them). */
  digest: string;
  mediaType: string;
  bytes: Buffer;
  parsed: ParsedManifest;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

const MAX_MANIFEST = 4 * 1024 * 1024;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]+$/;

export const isDigest = (ref: string): boolean => DIGEST_RE.test(ref);

export class RegistryClient {
  private readonly session: RegistrySession;

  constructor(options: RegistryClientOptions) {
    this.session = new RegistrySession(options);
  }

  /** The registry as named in references, and the host actually contacted. */
  get registry(): string {
    return this.session.options.registry;
  }

  get apiHost(): string {
    return this.session.host;
  }

  /** GET a manifest or index by tag or digest, verified against the digest (and Docker-Content-Digest). */
  async getManifest(repository: string, reference: string, opts: RequestOptions = {}): Promise<FetchedManifest> {
    const s = this.session;
    const byDigest = isDigest(reference);
    const subject = s.subject(repository, `manifest ${reference}`);
    const what = `manifest ${this.registry}/${repository}${byDigest ? "@" : ":"}${reference}`;
    const url = await s.url(repository, `manifests/${reference}`, opts.signal);
    const headers = { accept: acceptManifestTypes.join(", ") };
    const res = await s.request(subject, "pull", { method: "GET", url, headers }, opts.signal);
    if (res.status !== 200) throw await s.failure(subject, res, url);
    const bytes = await s.readBody(res, MAX_MANIFEST, what, url);
    const headerDigest = res.headers.get("docker-content-digest") ?? undefined;
    if (byDigest) verifyBuffer(bytes, reference, what);
    else if (headerDigest && isDigest(headerDigest)) verifyBuffer(bytes, headerDigest, `${what} (Docker-Content-Digest)`);
    const digest = byDigest ? reference : headerDigest && isDigest(headerDigest) ? headerDigest : digestOf(bytes, "sha256", what);
    const parsed = parseManifest(bytes, res.headers.get("content-type") ?? undefined, what);
    return { digest, mediaType: parsed.mediaType, bytes, parsed };
  }

  /** HEAD a manifest: its digest (Docker-Content-Digest), or undefined when the registry does not say. */
  async manifestDigest(repository: string, reference: string, opts: RequestOptions = {}): Promise<string | undefined> {
    const s = this.session;
    const subject = s.subject(repository, `manifest ${reference}`);
    const url = await s.url(repository, `manifests/${reference}`, opts.signal);
    const headers = { accept: acceptManifestTypes.join(", ") };
    const res = await s.request(subject, "pull", { method: "HEAD", url, headers }, opts.signal);
    if (res.status !== 200) throw await s.failure(subject, res, url);
    await res.body?.cancel().catch(() => undefined);
    return res.headers.get("docker-content-digest") ?? undefined;
  }

  /** The repository's tags (every page up to `maxPages`). */
  async listTags(repository: string, opts: TagListOptions = {}): Promise<string[]> {
    return listTags(this.session, repository, opts);
  }

  /** A small blob (config, artifact layer) read whole, bounded by `limit`, verified. */
  async getBlob(repository: string, digest: string, limit: number, opts: RequestOptions = {}): Promise<Buffer> {
    const { res, url, what } = await this.blobResponse(repository, digest, opts);
    const bytes = await this.session.readBody(res, limit, what, url);
    verifyBuffer(bytes, digest, what);
    return bytes;
  }

  /**
   * A blob as a stream, never buffered whole, verified while it flows: it errors at its end with
   * DIGEST_MISMATCH when the digest or `size` differs, and with NETWORK/TIMEOUT when the transfer breaks.
   */
  async openBlob(repository: string, digest: string, size?: number, opts: RequestOptions = {}): Promise<Readable> {
    const { res, url, what } = await this.blobResponse(repository, digest, opts);
    const verify = new VerifyingStream(digest, size, what);
    if (!res.body) {
      verify.end();
      return verify;
    }
    const src = Readable.from(res.body, { objectMode: false });
    src.on("error", (err) => verify.destroy(transportError(err, url, this.session.timeoutMs, `download of ${what}`)));
    verify.on("close", () => src.destroy());
    src.pipe(verify);
    return verify;
  }

  private async blobResponse(repository: string, digest: string, opts: RequestOptions) {
    const s = this.session;
    if (!isDigest(digest)) throw new DredgeError("INVALID_MANIFEST", `invalid blob digest "${digest}" for ${this.registry}/${repository}`);
    const subject = s.subject(repository, `blob ${digest}`);
    const what = `blob ${digest} of ${this.registry}/${repository}`;
    const url = await s.url(repository, `blobs/${digest}`, opts.signal);
    const res = await s.request(subject, "pull", { method: "GET", url }, opts.signal);
    if (res.status !== 200) throw await s.failure(subject, res, url);
    return { res, url, what };
  }

  /** HEAD a blob: true when the repository has it. */
  async blobExists(repository: string, digest: string, opts: RequestOptions = {}): Promise<boolean> {
    const s = this.session;
    const subject = s.subject(repository, `blob ${digest}`);
    const url = await s.url(repository, `blobs/${digest}`, opts.signal);
    const res = await s.request(subject, "pull,push", { method: "HEAD", url }, opts.signal);
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await s.failure(subject, res, url);
  }

  /** Upload a blob (POST, then monolithic PUT `?digest=`); skipped when it already exists. */
  async pushBlob(repository: string, content: BlobContent, opts: RequestOptions = {}): Promise<PushedBlob> {
    return pushBlob(this.session, repository, content, opts.signal, (d) => this.blobExists(repository, d, opts));
  }

  /** PUT a manifest under a tag or digest; returns its digest. */
  async pushManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, opts: RequestOptions = {}): Promise<string> {
    return (await pushManifest(this.session, repository, reference, bytes, mediaType, opts.signal)).digest;
  }

  /** PUT a manifest; with the registry's `OCI-Subject` answer (a manifest with a `subject` it indexed). */
  async putManifest(repository: string, reference: string, bytes: Buffer, mediaType: string, opts: RequestOptions = {}): Promise<PushedManifest> {
    return pushManifest(this.session, repository, reference, bytes, mediaType, opts.signal);
  }

  /**
   * `GET /v2/<repository>/referrers/<digest>[?artifactType=]`: the referrers index, or undefined when the
   * registry has no referrers API (404). `filtered`: the registry applied the artifactType filter.
   */
  async referrersApi(repository: string, digest: string, artifactType: string | undefined, opts: RequestOptions = {}): Promise<{ index: ImageIndex; filtered: boolean } | undefined> {
    const s = this.session;
    if (!isDigest(digest)) throw new DredgeError("INVALID_MANIFEST", `invalid digest "${digest}" for the referrers of ${this.registry}/${repository}`);
    const subject = s.subject(repository, `referrers of ${digest}`);
    const what = `referrers of ${this.registry}/${repository}@${digest}`;
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : "";
    const url = await s.url(repository, `referrers/${digest}${query}`, opts.signal);
    const res = await s.request(subject, "pull", { method: "GET", url, headers: { accept: MediaTypes.ociIndex } }, opts.signal);
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return undefined;
    }
    if (res.status !== 200) throw await s.failure(subject, res, url);
    const parsed = parseManifest(await s.readBody(res, MAX_MANIFEST, what, url), MediaTypes.ociIndex, what);
    if (parsed.kind !== "index") throw new DredgeError("INVALID_MANIFEST", `${what}: the registry answered a manifest, not an image index`);
    return { index: parsed.index, filtered: /\bartifactType\b/i.test(res.headers.get("oci-filters-applied") ?? "") };
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
