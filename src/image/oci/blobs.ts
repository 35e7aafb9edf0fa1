/**
 * Content-addressed blobs of an OCI layout (a directory, or a tar of one via the tar index), with
 * digest checks: small blobs are verified when read; layer streams by the reader (readVerifiedLayer).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { DredgeError, errorMessage } from "../../errors.js";
import type { Digest } from "../../model/image.js";
import type { TarIndex } from "../../util/tar-index.js";
import type { FileRange } from "../../cache/verified-files.js";

/** Largest manifest, index or config we read whole. */
export const MAX_DOCUMENT = 16 * 1024 * 1024;

const hexLength: Record<string, number> = { sha256: 64, sha512: 128 };

/** `algorithm` and `hex` of a digest we can verify; INVALID_MANIFEST otherwise. */
export function splitDigest(digest: Digest, where: string): { algorithm: string; hex: string } {
  const m = /^([a-z0-9]+):([a-f0-9]+)$/.exec(digest);
  const len = m ? hexLength[m[1]!] : undefined;
  if (!m || len === undefined || m[2]!.length !== len) {
    throw new DredgeError("INVALID_MANIFEST", `${where}: unsupported or malformed digest "${digest}"`);
  }
  return { algorithm: m[1]!, hex: m[2]! };
}

export function digestOf(bytes: Buffer, algorithm = "sha256"): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}`;
}

/** Throws DIGEST_MISMATCH when `bytes` do not hash to `digest`. */
export function checkDigest(bytes: Buffer, digest: Digest, what: string): void {
  const { algorithm } = splitDigest(digest, what);
  const got = digestOf(bytes, algorithm);
  if (got !== digest) throw mismatch(what, digest, got);
}

function mismatch(what: string, want: Digest, got: Digest): DredgeError {
  return new DredgeError("DIGEST_MISMATCH", `${what}: content does not match its digest (expected ${want}, got ${got})`, {
    hint: "the image is corrupt or was modified; re-export or re-pull it",
  });
}

/** Files of a layout, by path relative to its root. */
export interface BlobStore {
  /** The directory or archive, for messages. */
  readonly where: string;
  has(path: string): Promise<boolean>;
  read(path: string, maxBytes: number): Promise<Buffer>;
  /** Size and a stream of the file; undefined when missing. */
  open(path: string): Promise<{ size: number; stream: () => Readable } | undefined>;
  /** Where the file's bytes lie on disk, when they are read in place (not from a temp file). */
  locate?(path: string): FileRange | undefined;
}

export function blobPath(digest: Digest, where: string): string {
  const { algorithm, hex } = splitDigest(digest, where);
  return `blobs/${algorithm}/${hex}`;
}

/** Read a small blob and verify it. */
export async function readBlob(store: BlobStore, digest: Digest, what: string): Promise<Buffer> {
  const path = blobPath(digest, `${store.where}: ${what}`);
  if (!(await store.has(path))) {
    throw new DredgeError("INVALID_ARCHIVE", `${store.where}: ${what} ${digest} is missing (${path})`);
  }
  const bytes = await store.read(path, MAX_DOCUMENT);
  checkDigest(bytes, digest, `${store.where}: ${what} ${digest}`);
  return bytes;
}

export function tarStore(index: TarIndex): BlobStore {
  return {
    where: index.source,
    has: async (path) => index.lookup(path) !== undefined,
    read: (path, max) => index.read(path, max),
    async open(path) {
      const e = index.lookup(path);
      return e ? { size: e.size, stream: () => index.open(e) } : undefined;
    },
    locate(path) {
      const e = index.compression ? undefined : index.lookup(path);
      return e && { file: index.file, offset: e.offset, size: e.size };
    },
  };
}

export function dirStore(dir: string): BlobStore {
  const full = (path: string): string => join(dir, ...path.split("/"));
  const sizeOf = async (path: string): Promise<number | undefined> => {
    try {
      const s = await stat(full(path));
      return s.isFile() ? s.size : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    where: dir,
    has: async (path) => (await sizeOf(path)) !== undefined,
    async read(path, max) {
      const size = await sizeOf(path);
      if (size === undefined) throw new DredgeError("INVALID_ARCHIVE", `${dir}: ${path} is missing`);
      if (size > max) throw new DredgeError("LIMIT_EXCEEDED", `${dir}: ${path} is ${size} bytes, more than the ${max} allowed`);
      const fh = await open(full(path), "r");
      try {
        return await fh.readFile();
      } catch (err) {
        throw new DredgeError("IO_ERROR", `${dir}: cannot read ${path} (${errorMessage(err)})`, { cause: err });
      } finally {
        await fh.close();
      }
    },
    async open(path) {
      const size = await sizeOf(path);
      return size === undefined ? undefined : { size, stream: () => createReadStream(full(path)) };
    },
    locate: (path) => ({ file: full(path), offset: 0 }),
  };
}
