/**
 * A tiny npm registry on loopback for the package managers of the differential test: packuments and
 * tarballs built in memory from ./packages.json (name → version → dependency fields), so that npm, pnpm and
 * yarn install without network.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

type Manifest = Record<string, unknown>;
type Definitions = Record<string, Record<string, Manifest>>;

export interface LocalRegistry {
  url: string;
  /** Every name@version the registry serves. */
  served: string[];
  close(): Promise<void>;
}

async function tarball(manifest: Manifest): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on("end", () => resolve());
    p.on("error", reject);
  });
  const mtime = new Date("2020-01-01T00:00:00Z");
  p.entry({ name: "package/package.json", mtime, mode: 0o644 }, JSON.stringify(manifest, null, 2));
  p.entry({ name: "package/index.js", mtime, mode: 0o644 }, "module.exports = {};\n");
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

async function build(defs: Definitions, base: string) {
  const packuments = new Map<string, string>();
  const tarballs = new Map<string, Buffer>();
  for (const [name, versions] of Object.entries(defs)) {
    const doc: Record<string, Manifest> = {};
    for (const [version, fields] of Object.entries(versions)) {
      const manifest = { name, version, main: "index.js", ...fields };
      const tgz = await tarball(manifest);
      const file = `/${name}/-/${name}-${version}.tgz`;
      tarballs.set(file, tgz);
      const dist = {
        tarball: `${base}${file}`,
        shasum: createHash("sha1").update(tgz).digest("hex"),
        integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
      };
      doc[version] = { ...manifest, dist };
    }
    const latest = Object.keys(versions).at(-1) ?? "";
    // Published long ago: Yarn Berry quarantines versions younger than its minimal age gate.
    const time = Object.fromEntries(["created", "modified", ...Object.keys(versions)].map((k) => [k, "2020-01-01T00:00:00.000Z"]));
    packuments.set(`/${name}`, JSON.stringify({ name, "dist-tags": { latest }, versions: doc, time }));
  }
  return { packuments, tarballs };
}

export async function startRegistry(definitionsFile: string): Promise<LocalRegistry> {
  const defs = JSON.parse(readFileSync(definitionsFile, "utf8")) as Definitions;
  const state: { content?: Awaited<ReturnType<typeof build>> } = {};
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/");
    const packument = state.content?.packuments.get(path);
    const tgz = state.content?.tarballs.get(path);
    if (packument !== undefined) res.writeHead(200, { "content-type": "application/json" }).end(packument);
    else if (tgz !== undefined) res.writeHead(200, { "content-type": "application/octet-stream" }).end(tgz);
    else res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.content = await build(defs, url);
  const served = Object.entries(defs).flatMap(([n, vs]) => Object.keys(vs).map((v) => `${n}@${v}`));
  return { url, served, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
