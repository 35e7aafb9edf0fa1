/**
 * Streaming OCI archive writer for the generated big image: each layer is a tar streamed through gzip (level 1)
 * to a blob file while its diffID and blob digest are hashed, so a multi-GB image never sits in memory. The
 * archive itself is packed by the system `tar` from the layout directory, which is then removed.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack, type Header, type Pack } from "tar-stream";

const MTIME = new Date(1_700_000_000_000);

function tap(onChunk: (c: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      onChunk(chunk);
      cb(null, chunk);
    },
  });
}

export interface WrittenLayer {
  diffId: string;
  digest: string;
  size: number;
  createdBy: string;
}

/** One layer being written: files, directories, whiteouts, opaque markers; parents are added as needed. */
export class LayerWriter {
  files = 0;
  bytes = 0;
  whiteouts = 0;
  private readonly p: Pack = pack();
  private readonly dirs = new Set<string>();
  private readonly diff = createHash("sha256");
  private readonly blob = createHash("sha256");
  private blobSize = 0;
  private readonly done: Promise<void>;

  constructor(
    private readonly tmpFile: string,
    readonly createdBy: string,
  ) {
    this.done = pipeline(
      this.p as unknown as Readable,
      tap((c) => this.diff.update(c)),
      createGzip({ level: 1, chunkSize: 1 << 20 }),
      tap((c) => {
        this.blob.update(c);
        this.blobSize += c.length;
      }),
      createWriteStream(tmpFile),
    );
  }

  private entry(header: Partial<Header> & { name: string }, body?: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      const h = { mtime: MTIME, uid: 0, gid: 0, ...header };
      if (body) this.p.entry(h, body, cb);
      else this.p.entry(h, cb);
    });
  }

  private async parents(path: string): Promise<void> {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (this.dirs.has(d)) continue;
      this.dirs.add(d);
      await this.entry({ name: `${d}/`, type: "directory", mode: 0o755 });
    }
  }

  async file(path: string, body: Buffer | string, mode = 0o644): Promise<void> {
    await this.parents(path);
    const b = typeof body === "string" ? Buffer.from(body) : body;
    await this.entry({ name: path, type: "file", mode, size: b.length }, b);
    this.files++;
    this.bytes += b.length;
  }

  async symlink(path: string, target: string): Promise<void> {
    await this.parents(path);
    await this.entry({ name: path, type: "symlink", linkname: target, mode: 0o777 });
  }

  /** `rm PATH` of a lower layer's file or directory. */
  async whiteout(path: string): Promise<void> {
    const slash = path.lastIndexOf("/");
    await this.file(`${path.slice(0, slash + 1)}.wh.${path.slice(slash + 1)}`, Buffer.alloc(0));
    this.files--;
    this.whiteouts++;
  }

  /** The directory's lower contents are hidden (a directory replaced as a whole). */
  async opaque(dir: string): Promise<void> {
    await this.file(`${dir}/.wh..wh..opq`, Buffer.alloc(0));
    this.files--;
    this.whiteouts++;
  }

  async finish(blobsDir: string): Promise<WrittenLayer> {
    this.p.finalize();
    await this.done;
    const hex = this.blob.digest("hex");
    renameSync(this.tmpFile, join(blobsDir, hex));
    return { diffId: `sha256:${this.diff.digest("hex")}`, digest: `sha256:${hex}`, size: this.blobSize, createdBy: this.createdBy };
  }
}

function blob(blobsDir: string, content: string): { digest: string; size: number } {
  const b = Buffer.from(content);
  const hex = createHash("sha256").update(b).digest("hex");
  writeFileSync(join(blobsDir, hex), b);
  return { digest: `sha256:${hex}`, size: b.length };
}

/** An OCI image layout under `dir` for the layers written; returns the blobs directory for LayerWriter. */
export function layoutBlobs(dir: string): string {
  const blobs = join(dir, "blobs", "sha256");
  mkdirSync(blobs, { recursive: true });
  return blobs;
}

/** Writes config, manifest, index and oci-layout, packs `archive` with `tar`, removes the layout. */
export function finishArchive(dir: string, layers: readonly WrittenLayer[], refName: string, archive: string): void {
  const blobs = join(dir, "blobs", "sha256");
  const created = "2026-01-01T00:00:00Z";
  const config = {
    architecture: "amd64",
    os: "linux",
    created,
    config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], WorkingDir: "/app", Cmd: ["node", "server.js"] },
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((l) => ({ created, created_by: l.createdBy })),
  };
  const configDesc = { mediaType: "application/vnd.oci.image.config.v1+json", ...blob(blobs, JSON.stringify(config)) };
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: configDesc,
    layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: l.digest, size: l.size })),
  };
  const manifestDesc = { mediaType: "application/vnd.oci.image.manifest.v1+json", ...blob(blobs, JSON.stringify(manifest)) };
  const index = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [{ ...manifestDesc, annotations: { "org.opencontainers.image.ref.name": refName } }] };
  writeFileSync(join(dir, "index.json"), JSON.stringify(index));
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  execFileSync("tar", ["-cf", `${archive}.partial`, "-C", dir, "oci-layout", "index.json", "blobs"]);
  renameSync(`${archive}.partial`, archive);
  rmSync(dir, { recursive: true, force: true });
}
