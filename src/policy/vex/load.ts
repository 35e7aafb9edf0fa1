/** Reads a VEX document: OpenVEX JSON or CycloneDX JSON, told apart by content. */
import { DredgeError, errorMessage } from "../../errors.js";
import { readPolicyFile } from "../read.js";
import { parseCycloneDxVex } from "./cyclonedx.js";
import { parseOpenVex } from "./openvex.js";
import type { VexDocument } from "./types.js";

const maxVexBytes = 64 * 1024 * 1024;

function invalid(file: string, msg: string, cause?: unknown): DredgeError {
  return new DredgeError("INVALID_CONFIG", `${file}: ${msg}`, {
    hint: "Dredge reads OpenVEX JSON and CycloneDX JSON VEX documents",
    cause,
    details: { file },
  });
}

/** Parses VEX text; `file` names the source in errors and warnings. */
export function parseVex(text: string, file: string): VexDocument {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trimStart().startsWith("<")) throw invalid(file, "XML VEX documents are not supported");
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw invalid(file, `not valid JSON: ${errorMessage(err)}`, err);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) throw invalid(file, "not a JSON object");
  const obj = data as Record<string, unknown>;
  if (typeof obj["@context"] === "string" && obj["@context"].includes("openvex")) return parseOpenVex(data, file);
  if (obj.bomFormat === "CycloneDX") return parseCycloneDxVex(data, file);
  throw invalid(file, "neither an OpenVEX document (@context openvex.dev) nor a CycloneDX BOM (bomFormat)");
}

/** Loads an OpenVEX or CycloneDX VEX file; throws DredgeError INVALID_CONFIG naming the file. */
export function loadVex(path: string): VexDocument {
  return parseVex(readPolicyFile(path, "VEX document", maxVexBytes), path);
}
