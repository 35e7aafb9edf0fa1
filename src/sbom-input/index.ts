/**
 * Read an SBOM file as a scan target: CycloneDX JSON 1.2–1.7, SPDX 2.2/2.3 JSON or tag-value (from Dredge,
 * Trivy, Syft…), or an in-toto attestation (DSSE JSONL) carrying CycloneDX/SPDX JSON. Produces the same Inventory
 * an image analysis would, so a scan can skip image analysis. CycloneDX XML is detected and rejected.
 */
import { DredgeError } from "../errors.js";
import type { Inventory } from "../model/inventory.js";
import type { Logger } from "../util/log.js";
import { newContext, type ReadContext } from "./context.js";
import { readCycloneDx } from "./cyclonedx.js";
import { jsonFormat, sniffFormat } from "./detect.js";
import { DEFAULT_MAX_BYTES, parseJson, readLimited } from "./input.js";
import { sbomFromInToto } from "./intoto.js";
import { readSpdx } from "./spdx.js";
import { spdxTagValueDocument } from "./spdx-tag-value.js";

export { isSbomFile, sniffFormat, SNIFF_BYTES, type SbomFormat } from "./detect.js";
export { DEFAULT_MAX_BYTES } from "./input.js";

export interface ReadSbomOptions {
  logger: Logger;
  /** Largest SBOM accepted, in bytes (default 256 MiB). */
  maxBytes?: number;
  /** Stops a long read (CANCELLED): the reader yields to the event loop as it goes, so timers fire. */
  signal?: AbortSignal;
}

export async function readSbom(path: string, options: ReadSbomOptions): Promise<Inventory> {
  const buf = await readLimited(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return parseSbom(buf, path, options.logger, options.signal);
}

/** Same as readSbom for bytes already in memory; `file` names the input in messages. */
export async function parseSbom(buf: Buffer, file: string, logger: Logger, signal?: AbortSignal): Promise<Inventory> {
  const sniffed = sniffFormat(buf);
  if (sniffed === "cyclonedx-xml") {
    throw new DredgeError("UNSUPPORTED_MEDIA_TYPE", `unsupported SBOM format in ${file}: CycloneDX XML; use JSON`, {
      hint: "export the SBOM as CycloneDX JSON or SPDX JSON (e.g. trivy --format cyclonedx, syft -o cyclonedx-json)",
    });
  }
  if (sniffed === "spdx-tag-value" || (sniffed === undefined && isTagValueName(file, buf))) {
    const ctx = newContext(file, logger, signal);
    return readSpdx(spdxTagValueDocument(buf.toString("utf8"), ctx), ctx);
  }
  const text = buf.toString("utf8");
  const doc = sniffed === "in-toto" ? sbomFromInToto(jsonLines(text, file), file) : parseJson(text, file);
  const format = jsonFormat(doc);
  const ctx = newContext(file, logger, signal);
  if (format === "cyclonedx-json") return readCycloneDx(doc, ctx);
  if (format === "spdx-json") return readSpdx(doc, ctx);
  if (format === "in-toto") return parseInToto(doc, ctx);
  throw new DredgeError("PARSE_ERROR", `${file} is JSON but not a CycloneDX or SPDX 2.x SBOM`, {
    hint: 'a CycloneDX SBOM has "bomFormat": "CycloneDX"; an SPDX SBOM has "spdxVersion": "SPDX-2.3"',
  });
}

/** A `.spdx` file that is not JSON: read as tag-value even if the sniff missed it, for a line-numbered error. */
function isTagValueName(file: string, buf: Buffer): boolean {
  return /\.spdx$/i.test(file) && !buf.subarray(0, 1024).toString("utf8").replace(/^\uFEFF/, "").trimStart().startsWith("{");
}

function parseInToto(doc: unknown, ctx: ReadContext): Promise<Inventory> {
  const inner = sbomFromInToto([doc], ctx.file);
  return jsonFormat(inner) === "spdx-json" ? readSpdx(inner, ctx) : readCycloneDx(inner, ctx);
}

/** JSON Lines: one JSON value per non-empty line (a single pretty-printed JSON document also works). */
function jsonLines(text: string, file: string): unknown[] {
  const trimmed = text.trim();
  try {
    return [JSON.parse(trimmed)];
  } catch {
    return trimmed
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "")
      .map((l, i) => parseJson(l, `${file} (line ${i + 1})`));
  }
}
