/**
 * Red Hat's VEX directory layout for tests: a `csaf_vex_YYYY-MM-DD.tar.zst` of documents in year folders,
 * `archive_latest.txt`, `changes.csv` / `deletions.csv` (`"path","timestamp"`, newest first), `index.txt`
 * and the documents themselves; plus a loopback server for such a file map.
 */
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { pack } from "tar-stream";

export interface VexDoc {
  /** `2024/cve-2024-0208.json` */
  path: string;
  body: Buffer;
  /** The tar entry's mtime. */
  mtime: Date;
}

/** A tar (year folders, then files, like upstream's) of `docs`, plus any extra non-JSON entries. */
export async function vexTar(docs: readonly VexDoc[], extra: readonly { path: string; body: Buffer }[] = []): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    p.on("data", (c: unknown) => void chunks.push(c as Buffer));
    p.on("end", () => resolve(Buffer.concat(chunks)));
    p.on("error", reject);
  });
  const dirs = [...new Set(docs.map((d) => d.path.split("/").slice(0, -1).join("/")).filter((d) => d))].sort();
  for (const d of dirs) p.entry({ name: `${d}/`, type: "directory", mode: 0o755, mtime: new Date(0) });
  const files = [...docs, ...extra.map((e) => ({ ...e, mtime: new Date(0) }))];
  for (const f of files) {
    await new Promise<void>((resolve, reject) => {
      p.entry({ name: f.path, size: f.body.length, mode: 0o644, mtime: f.mtime }, f.body, (err) => (err ? reject(err) : resolve()));
    });
  }
  p.finalize();
  return done;
}

/** Real zstd compression with the `zstd` command-line tool. */
export function zstdCli(data: Buffer): Buffer {
  const r = spawnSync("zstd", ["-q", "-c", "-3"], { input: data, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) throw new Error(`zstd failed: ${r.error?.message ?? r.stderr.toString()}`);
  return r.stdout;
}

/** `"path","timestamp"` rows as upstream writes them. */
export const vexCsv = (rows: readonly (readonly [string, string])[]): string => rows.map(([p, t]) => `"${p}","${t}"\n`).join("");

export interface FileServer {
  url: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (URL path → body) on loopback; anything else is a 404. */
export async function serveFiles(files: ReadonlyMap<string, Buffer | string>): Promise<FileServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    requests.push(path);
    const body = files.get(path);
    if (body === undefined) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    else res.writeHead(200, { "content-type": "application/octet-stream" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
