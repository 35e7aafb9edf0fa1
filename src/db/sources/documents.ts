/**
 * Whole-document feeds (updateinfo.xml, OVAL): local files or directories, URLs; gzip/bzip2 by magic
 * bytes, size-capped. A document that cannot be read or parsed becomes one RawRecord with `error`.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { errorMessage } from "../../errors.js";
import { decompress, MAX_DECOMPRESSED_BYTES } from "./decompress.js";
import { isDirectory, walkFiles } from "./files.js";
import { httpBuffer } from "./http.js";
import type { FetchContext, RawRecord } from "./types.js";
import { parseXml, type XmlNode } from "./xml.js";

/** Largest compressed document read (Oracle's all-releases OVAL, bzip2, is the largest: tens of MiB). */
export const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

export interface Document {
  origin: string;
  name: string;
  text: string;
}

export type DocumentOrError = Document | RawRecord;
export const isDocument = (d: DocumentOrError): d is Document => "text" in d;

/** Document files under a path (a file or a directory, recursively, by extension). */
export async function* localDocuments(path: string, exts: readonly string[]): AsyncGenerator<DocumentOrError> {
  const files = (await isDirectory(path)) ? await walkFiles(path, exts) : [path];
  for (const file of files) {
    try {
      const size = (await stat(file)).size;
      if (size > MAX_DOCUMENT_BYTES) {
        yield { id: file, origin: file, data: undefined, error: `file too large (${size} bytes)` };
        continue;
      }
      yield { origin: file, name: basename(file), text: decompress(await readFile(file), MAX_DECOMPRESSED_BYTES).toString("utf8") };
    } catch (err) {
      yield { id: file, origin: file, data: undefined, error: errorMessage(err) };
    }
  }
}

/** One document by URL; undefined on 404. */
export async function remoteDocument(url: string, ctx: FetchContext): Promise<DocumentOrError | undefined> {
  const data = await httpBuffer(url, { logger: ctx.logger, allowNotFound: true });
  if (!data) return undefined;
  try {
    return { origin: url, name: basename(new URL(url).pathname), text: decompress(data, MAX_DECOMPRESSED_BYTES).toString("utf8") };
  } catch (err) {
    return { id: url, origin: url, data: undefined, error: errorMessage(err) };
  }
}

/** Parses a document as XML: `{ xml }`, or `{ failed }`, the RawRecord that says why it could not be. */
export function xmlOf(doc: Document): { xml: XmlNode } | { failed: RawRecord } {
  try {
    return { xml: parseXml(doc.text) };
  } catch (err) {
    return { failed: { id: doc.name, origin: doc.origin, data: undefined, error: errorMessage(err) } };
  }
}
