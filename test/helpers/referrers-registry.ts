/**
 * A small OCI distribution 1.1 registry on loopback, for the referrers-API path that Debian's docker-registry
 * (distribution 2.8) does not have: blob upload (POST + monolithic PUT), manifests by tag and digest, and
 * `GET /v2/<name>/referrers/<digest>` (artifactType filter, `OCI-Filters-Applied`), answering `OCI-Subject` when
 * a pushed manifest has a `subject`. Everything is kept in memory; every request is recorded.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

export interface ReferrersRegistry {
  host: string;
  requests: string[];
  /** Put a manifest directly (an image the test refers to). */
  putManifest(name: string, bytes: Buffer, mediaType: string, tag?: string): string;
  close(): Promise<void>;
}

const sha = (b: Buffer) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

interface Stored {
  bytes: Buffer;
  mediaType: string;
}

export async function startReferrersRegistry(): Promise<ReferrersRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, Stored>(); // name@digest and name:tag
  const referrers = new Map<string, object[]>(); // name@subject → descriptors
  const requests: string[] = [];
  const putManifest = (name: string, bytes: Buffer, mediaType: string, tag?: string): string => {
    const digest = sha(bytes);
    manifests.set(`${name}@${digest}`, { bytes, mediaType });
    if (tag) manifests.set(`${name}:${tag}`, { bytes, mediaType });
    const doc = JSON.parse(bytes.toString("utf8")) as { subject?: { digest: string }; artifactType?: string; config?: { mediaType: string }; annotations?: Record<string, string> };
    if (doc.subject) {
      const list = referrers.get(`${name}@${doc.subject.digest}`) ?? [];
      list.push({ mediaType, digest, size: bytes.length, artifactType: doc.artifactType ?? doc.config?.mediaType, ...(doc.annotations ? { annotations: doc.annotations } : {}) });
      referrers.set(`${name}@${doc.subject.digest}`, list);
    }
    return digest;
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (u.pathname === "/v2/") return void res.writeHead(200, { "content-type": "application/json" }).end("{}");
    const m = /^\/v2\/(.+)\/(blobs\/uploads|blobs|manifests|referrers)\/(.*)$/.exec(u.pathname);
    if (!m) return void res.writeHead(404).end();
    const [, name, kind, ref] = m as unknown as [string, string, string, string];
    if (kind === "blobs/uploads" && req.method === "POST") return void res.writeHead(202, { location: `/v2/${name}/blobs/uploads/${randomUUID()}` }).end();
    if (kind === "blobs/uploads" && req.method === "PUT") {
      const digest = u.searchParams.get("digest") ?? "";
      if (sha(body) !== digest) return void res.writeHead(400).end('{"errors":[{"code":"DIGEST_INVALID"}]}');
      blobs.set(digest, body);
      return void res.writeHead(201, { "docker-content-digest": digest, location: `/v2/${name}/blobs/${digest}` }).end();
    }
    if (kind === "blobs") {
      const b = blobs.get(ref);
      if (!b) return void res.writeHead(404).end('{"errors":[{"code":"BLOB_UNKNOWN"}]}');
      return void res.writeHead(200, { "content-length": b.length, "docker-content-digest": ref }).end(req.method === "HEAD" ? undefined : b);
    }
    if (kind === "manifests" && req.method === "PUT") {
      const digest = putManifest(name, body, String(req.headers["content-type"]), ref.startsWith("sha256:") ? undefined : ref);
      const doc = JSON.parse(body.toString("utf8")) as { subject?: { digest: string } };
      return void res.writeHead(201, { "docker-content-digest": digest, ...(doc.subject ? { "oci-subject": doc.subject.digest } : {}) }).end();
    }
    if (kind === "manifests") {
      const s = manifests.get(ref.startsWith("sha256:") ? `${name}@${ref}` : `${name}:${ref}`);
      if (!s) return void res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      return void res.writeHead(200, { "content-type": s.mediaType, "docker-content-digest": sha(s.bytes), "content-length": s.bytes.length }).end(req.method === "HEAD" ? undefined : s.bytes);
    }
    const type = u.searchParams.get("artifactType");
    const all = (referrers.get(`${name}@${ref}`) ?? []) as { artifactType?: string }[];
    const list = type ? all.filter((d) => d.artifactType === type) : all;
    const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: list };
    res.writeHead(200, { "content-type": "application/vnd.oci.image.index.v1+json", ...(type ? { "oci-filters-applied": "artifactType" } : {}) }).end(JSON.stringify(index));
  };
  const server = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    putManifest,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
