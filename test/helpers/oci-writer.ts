/**
 * Writes a real OCI image archive (a tar holding oci-layout, index.json with a ref name, blobs/sha256/…)
 * from a list of layer specs, for end-to-end tests. Layers are gzip tars built with tar-stream; diff_ids
 * are the sha256 of the uncompressed tars; the config gets one history entry per layer.
 */
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { pack, type Header } from "tar-stream";

export interface LayerEntry {
  /** Path in the image, with or without a leading slash. Parent directories are added as needed. */
  path: string;
  type?: "file" | "directory" | "symlink";
  content?: string | Buffer;
  /** Permission bits incl. setuid/setgid (0o4755). Default 0644 for files, 0755 for directories. */
  mode?: number;
  linkname?: string;
  uid?: number;
  gid?: number;
}

export interface LayerSpec {
  entries?: LayerEntry[];
  /** Paths deleted by this layer: written as `.wh.NAME` entries. */
  whiteouts?: string[];
  /** The history entry's created_by. */
  createdBy?: string;
}

/** The image config's `config` object (OCI/Docker field names), and the top-level fields worth overriding. */
export interface ImageConfigSpec {
  architecture?: string;
  os?: string;
  created?: string;
  config?: Record<string, unknown>;
}

export interface OciArchiveSpec {
  layers: LayerSpec[];
  config?: ImageConfigSpec;
  /** The index's org.opencontainers.image.ref.name (default "latest"). */
  refName?: string;
  /** The manifest's annotations (org.opencontainers.image.base.name…). */
  annotations?: Record<string, string>;
}

export interface WrittenImage {
  manifestDigest: string;
  configDigest: string;
  diffIds: string[];
}

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const MTIME = new Date(1_700_000_000_000);

export async function writeOciArchive(file: string, spec: OciArchiveSpec): Promise<WrittenImage> {
  const blobs = new Map<string, Buffer>();
  const addBlob = (b: Buffer) => {
    const hex = sha256(b);
    blobs.set(hex, b);
    return { digest: `sha256:${hex}`, size: b.length };
  };
  const diffIds: string[] = [];
  const layerDescs = [];
  for (const l of spec.layers) {
    const tar = await layerTar(l);
    diffIds.push(`sha256:${sha256(tar)}`);
    layerDescs.push({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...addBlob(gzipSync(tar)) });
  }
  const c = spec.config ?? {};
  const created = c.created ?? "2026-01-01T00:00:00Z";
  const config = {
    architecture: c.architecture ?? "amd64",
    os: c.os ?? "linux",
    created,
    config: c.config ?? {},
    rootfs: { type: "layers", diff_ids: diffIds },
    history: spec.layers.map((l, i) => ({ created, created_by: l.createdBy ?? `COPY layer${i} / # buildkit` })),
  };
  const configDesc = { mediaType: "application/vnd.oci.image.config.v1+json", ...addBlob(Buffer.from(JSON.stringify(config))) };
  const manifest = {
    schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: configDesc, layers: layerDescs,
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
  };
  const manifestDesc = { mediaType: "application/vnd.oci.image.manifest.v1+json", ...addBlob(Buffer.from(JSON.stringify(manifest))) };
  const index = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [{ ...manifestDesc, annotations: { "org.opencontainers.image.ref.name": spec.refName ?? "latest" } }],
  };
  const outer: [string, Buffer][] = [
    ["oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" }))],
    ["index.json", Buffer.from(JSON.stringify(index))],
    ...[...blobs].map(([hex, b]): [string, Buffer] => [`blobs/sha256/${hex}`, b]),
  ];
  await writeFile(file, await packTar(outer.map(([name, body]) => ({ header: { name, type: "file", mode: 0o644, size: body.length, mtime: MTIME }, body }))));
  return { manifestDigest: manifestDesc.digest, configDigest: configDesc.digest, diffIds };
}

type TarHeader = Partial<Header> & Pick<Header, "name">;

export interface TarItem {
  header: TarHeader;
  body?: Buffer;
}

/** One layer's uncompressed tar: parent directories first, then the entries, then the whiteouts. */
export async function layerTar(l: LayerSpec): Promise<Buffer> {
  const items: TarItem[] = [];
  const dirs = new Set<string>();
  const ensureParents = (rel: string) => {
    const parts = rel.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const d = parts.slice(0, i).join("/");
      if (dirs.has(d)) continue;
      dirs.add(d);
      items.push({ header: { name: `${d}/`, type: "directory", mode: 0o755, mtime: MTIME } });
    }
  };
  for (const e of l.entries ?? []) {
    const rel = e.path.replace(/^\/+/, "").replace(/\/+$/, "");
    ensureParents(rel);
    const type = e.type ?? "file";
    if (type === "directory") {
      if (dirs.has(rel)) continue;
      dirs.add(rel);
    }
    const body = type === "file" ? Buffer.from(e.content ?? "") : undefined;
    const header: TarHeader = {
      name: type === "directory" ? `${rel}/` : rel,
      type,
      mode: e.mode ?? (type === "directory" ? 0o755 : 0o644),
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      size: body?.length ?? 0,
      linkname: e.linkname,
      mtime: MTIME,
    };
    items.push({ header, body });
  }
  for (const w of l.whiteouts ?? []) {
    const rel = w.replace(/^\/+/, "").replace(/\/+$/, "");
    ensureParents(rel);
    const slash = rel.lastIndexOf("/");
    const name = `${rel.slice(0, slash + 1)}.wh.${rel.slice(slash + 1)}`;
    items.push({ header: { name, type: "file", mode: 0o644, size: 0, mtime: MTIME }, body: Buffer.alloc(0) });
  }
  return packTar(items);
}

/** A tar of `items` in order (tar-stream). */
export async function packTar(items: readonly TarItem[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    p.on("data", (c: unknown) => void chunks.push(c as Buffer));
    p.on("end", () => resolve(Buffer.concat(chunks)));
    p.on("error", reject);
  });
  for (const { header, body } of items) {
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) p.entry(header, body, cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  return done;
}
