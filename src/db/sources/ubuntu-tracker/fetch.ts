/**
 * The tracker's entries: a local checkout (files named `CVE-…` under `active/` and `retired/`, or any
 * directory of them), or the repository snapshot as a `.tar.gz` (the default: Launchpad's cgit snapshot of
 * the master branch), read as a stream. `00boilerplate` and other non-CVE files are skipped.
 */
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { createGunzip } from "node:zlib";
import { pipeline } from "node:stream/promises";
import { extract } from "tar-stream";
import { DredgeError, errorMessage } from "../../../errors.js";
import { httpDownload } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";
import { MAX_ENTRY_BYTES } from "./parse.js";

export const UBUNTU_TRACKER_URL = "https://git.launchpad.net/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz";
const ENTRY = /^CVE-\d{4}-\d+$/;
const DIRS = new Set(["active", "retired", "ignored"]);

async function* walkEntries(dir: string, depth = 0): AsyncGenerator<string> {
  if (depth > 4) return;
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith(".")) yield* walkEntries(p, depth + 1);
    else if (e.isFile() && ENTRY.test(e.name)) yield p;
  }
}

async function readEntryFile(f: string): Promise<RawRecord> {
  const s = await stat(f);
  if (s.size > MAX_ENTRY_BYTES) return { id: basename(f), origin: f, data: undefined, error: `file too large (${s.size} bytes)` };
  return { id: basename(f), origin: f, data: await readFile(f, "utf8") };
}

async function* readDirectory(dir: string): AsyncGenerator<RawRecord> {
  for await (const f of walkEntries(dir)) yield await readEntryFile(f);
}

/** Entries of a snapshot tarball (`<top>/active/CVE-…`), collected as the stream passes. */
async function readTarball(file: string, label: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  const ex = extract();
  ex.on("entry", (header, stream, next) => {
    const parts = header.name.split("/");
    const name = parts[parts.length - 1] ?? "";
    const wanted = header.type === "file" && ENTRY.test(name) && DIRS.has(parts[parts.length - 2] ?? "");
    if (!wanted || (header.size ?? 0) > MAX_ENTRY_BYTES) {
      stream.on("end", next).resume();
      return;
    }
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => {
      if (Buffer.isBuffer(c)) chunks.push(c);
    });
    stream.on("end", () => {
      out.push({ id: name, origin: `${label}!${header.name}`, data: Buffer.concat(chunks).toString("utf8") });
      next();
    });
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), ex);
  } catch (err) {
    throw new DredgeError("INVALID_ARCHIVE", `cannot read the Ubuntu CVE tracker snapshot ${label}: ${errorMessage(err)}`, { cause: err });
  }
  return out;
}

export async function* fetchTracker(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    const s = await stat(ctx.location);
    if (s.isDirectory()) yield* readDirectory(ctx.location);
    else if (ENTRY.test(basename(ctx.location))) yield await readEntryFile(ctx.location);
    else yield* await readTarball(ctx.location, ctx.location);
    return;
  }
  const file = join(ctx.tmpDir, "ubuntu-cve-tracker.tar.gz");
  await httpDownload(ctx.location, file, { logger: ctx.logger });
  yield* await readTarball(file, ctx.location);
}
