/**
 * Multi-document Kubernetes YAML, parsed with limits: file size, document count, and alias expansion
 * (a billion-laughs document fails with LIMIT_EXCEEDED instead of exhausting memory).
 */
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { yamlFlowTooDeep } from "../../../util/yaml-depth.js";
import { DredgeError, errorMessage } from "../../../errors.js";

export interface ManifestLimits {
  maxBytes: number;
  maxDocuments: number;
  /** Passed to yaml's toJS: aliases resolved per document. */
  maxAliasCount: number;
}

export const defaultManifestLimits: ManifestLimits = { maxBytes: 8 * 1024 * 1024, maxDocuments: 1000, maxAliasCount: 100 };

export interface ManifestDocument {
  path: string;
  /** 0-based position in the file. */
  index: number;
  value: unknown;
  /** 1-based line of the node at `keyPath` (undefined when the path does not exist). */
  lineOf(keyPath: readonly (string | number)[]): number | undefined;
}

export function parseManifests(path: string, content: Buffer | string, limits: ManifestLimits = defaultManifestLimits): ManifestDocument[] {
  if (content.length > limits.maxBytes) {
    throw new DredgeError("LIMIT_EXCEEDED", `${path}: ${content.length} bytes is over the ${limits.maxBytes}-byte manifest limit`);
  }
  if (typeof content !== "string" && content.subarray(0, 8192).includes(0)) {
    throw new DredgeError("PARSE_ERROR", `${path}: not a YAML file (binary content)`);
  }
  const text = typeof content === "string" ? content : content.toString("utf8");
  if (yamlFlowTooDeep(text)) throw tooDeep(path, 0);
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false }) as Document.Parsed[];
  } catch (err) {
    if (err instanceof RangeError) throw tooDeep(path, 0);
    throw new DredgeError("PARSE_ERROR", `${path}: invalid YAML: ${errorMessage(err)}`);
  }
  if (!Array.isArray(docs)) docs = [];
  if (docs.length > limits.maxDocuments) {
    throw new DredgeError("LIMIT_EXCEEDED", `${path}: ${docs.length} YAML documents, over the limit of ${limits.maxDocuments}`);
  }
  return docs.map((doc, index) => toManifest(path, doc, index, lineCounter, limits));
}

function toManifest(path: string, doc: Document.Parsed, index: number, lc: LineCounter, limits: ManifestLimits): ManifestDocument {
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    if (/call stack/i.test(err.message)) throw tooDeep(`${path}:${line}`, index);
    throw new DredgeError("PARSE_ERROR", `${path}:${line}: invalid YAML (document ${index + 1}): ${err.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    const msg = errorMessage(e);
    if (e instanceof RangeError && /call stack/i.test(msg)) throw tooDeep(path, index);
    const bomb = /alias/i.test(msg);
    throw new DredgeError(bomb ? "LIMIT_EXCEEDED" : "PARSE_ERROR", `${path}: document ${index + 1}: ${bomb ? "too many YAML alias expansions (a YAML bomb?)" : msg}`, {
      hint: bomb ? `Manifests may resolve at most ${limits.maxAliasCount} aliases per document.` : undefined,
    });
  }
  return {
    path,
    index,
    value,
    lineOf: (keyPath) => {
      const node = doc.getIn(keyPath, true) as { range?: [number, number, number] } | undefined;
      const start = node && typeof node === "object" && node.range ? node.range[0] : undefined;
      return start === undefined ? undefined : lc.linePos(start).line;
    },
  };
}

function tooDeep(where: string, index: number): DredgeError {
  return new DredgeError("LIMIT_EXCEEDED", `${where}: YAML nested too deeply (document ${index + 1})`, { hint: "Is this really a Kubernetes manifest?" });
}
