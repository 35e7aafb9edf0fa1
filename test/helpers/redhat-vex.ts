/**
 * Red Hat's VEX directory layout for tests: a `csaf_vex_YYYY-MM-DD.tar.zst` of documents in year folders,
 * `archive_latest.txt`, `changes.csv` / `deletions.csv` (`"path","timestamp"`, newest first), `index.txt`
 * and the documents themselves; plus a loopback server for such a file map.
 */
import { spawnSync } from "node:child_process";
import { serveLoopback, type LoopbackServer } from "./loopback.js";
import { packTar } from "./oci-writer.js";

export interface VexDoc {
  /** `2024/cve-2024-0208.json` */
  path: string;
  body: Buffer;
  /** The tar entry's mtime. */
  mtime: Date;
}

/** A tar (year folders, then files, like upstream's) of `docs`, plus any extra non-JSON entries. */
export function vexTar(docs: readonly VexDoc[], extra: readonly { path: string; body: Buffer }[] = []): Promise<Buffer> {
  const dirs = [...new Set(docs.map((d) => d.path.split("/").slice(0, -1).join("/")).filter((d) => d))].sort();
  const files = [...docs, ...extra.map((e) => ({ ...e, mtime: new Date(0) }))];
  return packTar([
    ...dirs.map((d) => ({ header: { name: `${d}/`, type: "directory" as const, mode: 0o755, mtime: new Date(0) } })),
    ...files.map((f) => ({ header: { name: f.path, size: f.body.length, mode: 0o644, mtime: f.mtime }, body: f.body })),
  ]);
}

/** Real zstd compression with the `zstd` command-line tool. */
export function zstdCli(data: Buffer): Buffer {
  const r = spawnSync("zstd", ["-q", "-c", "-3"], { input: data, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new Error(`zstd failed: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}

/** `"path","timestamp"` rows as upstream writes them. */
export const vexCsv = (rows: readonly (readonly [string, string])[]): string => rows.map(([p, t]) => `"${p}","${t}"\n`).join("");

export type FileServer = LoopbackServer;

/** Serves `files` (URL path → body) on loopback; anything else is a 404. */
export function serveFiles(files: ReadonlyMap<string, Buffer | string>): Promise<FileServer> {
  return serveLoopback((u) => {
    const body = files.get(u.pathname);
    return body === undefined ? undefined : { body, type: "application/octet-stream" };
  });
}
