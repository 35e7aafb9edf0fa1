/** The contract every image source implements (registry, archives, OCI layouts, engine, directories). */
import type { Readable } from "node:stream";
import type { ImageMetadata, LayerRef, SourceKind } from "../model/image.js";
import type { Logger } from "../util/log.js";
import type { FileRange } from "../cache/verified-files.js";

export interface ResolveOptions {
  /** `os/arch[/variant]`, or `all` for every platform of an index. Default: the host's platform. */
  platform?: string;
  logger: Logger;
  signal?: AbortSignal;
}

/** One platform's image, ready to be read layer by layer. */
export interface ResolvedImage {
  metadata: ImageMetadata;
  /**
   * The layer blob as stored (gzip, zstd or plain tar; the walker sniffs), NOT verified by every source:
   * read it through readVerifiedLayer (src/layer/verify.ts), as analyzeImage does, which checks its size,
   * digest and diff_id once, to the last byte. (The registry's stream is verified a second time in transit.)
   */
  openLayer(layer: LayerRef): Promise<Readable>;
  /**
   * What a layer-cache hit may rest on. "manifest": the layer digests come from a manifest Dredge verified
   * (fetched by digest, or hashed on receipt) whose config was verified against it, and any blob fetched is
   * checked against them: a hit on a blob digest Dredge verified before needs no download. "content" (the
   * default): the blobs are local files, named by a claim, so a hit needs the blob hashed first.
   */
  layerTrust?: "manifest" | "content";
  /**
   * Where a layer blob lies in a local file, byte for byte as openLayer streams it (archives read in place,
   * layout directories); undefined for other sources. Lets a warm rescan skip hashing a blob Dredge
   * verified before in the same unchanged file (src/cache/verified-files.ts).
   */
  layerLocation?(layer: LayerRef): FileRange | undefined;
}

export interface ImageSource {
  readonly kind: SourceKind;
  /** What the user asked for, normalised, for messages. */
  readonly name: string;
  resolve(options: ResolveOptions): Promise<ResolvedImage[]>;
  /** Release files, sockets and temp files. Safe to call twice. */
  close(): Promise<void>;
}
