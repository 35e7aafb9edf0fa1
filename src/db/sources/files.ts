/** Local mirrors and zip exports: walk a directory, read zip entries (yauzl) with size limits, parse text. */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import yauzl from "yauzl";
import type { Entry, ZipFile } from "yauzl";
import { parse as parseYaml } from "yaml";
import { DredgeError, errorMessage } from "../../errors.js";
import { MAX_YAML_FLOW_DEPTH, yamlFlowTooDeep } from "../../util/yaml-depth.js";
import type { RawRecord } from "./types.js";

/** Largest single record file or zip entry we read (the largest real OSV record is well under 8 MiB). */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;

/** Files under `dir` (recursively) whose extension is in `exts`, sorted for a stable build. */
export async function walkFiles(dir: string, exts: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await visit(p);
      else if (e.isFile() && exts.includes(extname(e.name).toLowerCase())) out.push(p);
    }
  };
  await visit(dir);
  return out;
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    throw new DredgeError("IO_ERROR", `cannot read source path ${path}: ${errorMessage(err)}`, { cause: err });
  }
}

/** Parses JSON or YAML text by file name; a parse failure becomes a RawRecord with `error`. */
export function parseRecordText(text: string, name: string, origin: string): RawRecord {
  try {
    const ext = extname(name).toLowerCase();
    const yaml = ext === ".yaml" || ext === ".yml";
    if (yaml && yamlFlowTooDeep(text)) return { id: name, origin, data: undefined, error: `cannot parse: YAML nested more than ${MAX_YAML_FLOW_DEPTH} deep` };
    const data: unknown = yaml ? parseYaml(text, { maxAliasCount: 100 }) : JSON.parse(text);
    return { id: name, origin, data };
  } catch (err) {
    return { id: name, origin, data: undefined, error: `cannot parse: ${errorMessage(err)}` };
  }
}

export async function readRecordFile(file: string): Promise<RawRecord> {
  const s = await stat(file);
  if (s.size > MAX_RECORD_BYTES) return { id: file, origin: file, data: undefined, error: `file too large (${s.size} bytes)` };
  return parseRecordText(await readFile(file, "utf8"), file, file);
}

const openZip = (file: string): Promise<ZipFile> =>
  new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });

function readEntry(zip: ZipFile, entry: Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (c: Buffer) => {
        size += c.length;
        if (size > MAX_RECORD_BYTES) stream.destroy(new Error(`zip entry larger than ${MAX_RECORD_BYTES} bytes`));
        else chunks.push(c);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
  });
}

/** Every .json/.yaml entry of a zip, parsed; a bad entry is yielded with `error`, a bad archive throws. */
export async function* readZipRecords(file: string, label: string): AsyncGenerator<RawRecord> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (err) {
    throw new DredgeError("INVALID_ARCHIVE", `cannot open zip ${label}: ${errorMessage(err)}`, { cause: err });
  }
  const next = (): Promise<Entry | undefined> =>
    new Promise((resolve, reject) => {
      const onEntry = (e: Entry): void => { cleanup(); resolve(e); };
      const onEnd = (): void => { cleanup(); resolve(undefined); };
      const onError = (e: Error): void => { cleanup(); reject(new DredgeError("INVALID_ARCHIVE", `bad zip ${label}: ${e.message}`, { cause: e })); };
      const cleanup = (): void => { zip.off("entry", onEntry); zip.off("end", onEnd); zip.off("error", onError); };
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
  for (let entry = await next(); entry; entry = await next()) {
    const name = entry.fileName;
    if (name.endsWith("/") || !/\.(json|ya?ml)$/i.test(name)) continue;
    const origin = `${label}!${name}`;
    if (entry.uncompressedSize > MAX_RECORD_BYTES) {
      yield { id: name, origin, data: undefined, error: `zip entry too large (${entry.uncompressedSize} bytes)` };
      continue;
    }
    let text: string;
    try {
      text = await readEntry(zip, entry);
    } catch (err) {
      yield { id: name, origin, data: undefined, error: `cannot read zip entry: ${errorMessage(err)}` };
      continue;
    }
    yield parseRecordText(text, name, origin);
  }
}
