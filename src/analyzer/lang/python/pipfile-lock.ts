/** Pipfile.lock (pipenv): `default` (runtime) and `develop` (dev) sections, versions as `==1.2.3`. */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";
import { pypiPackage } from "./package.js";

export function parsePipfileLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  const out: Package[] = [];
  for (const [section, dev] of [["default", false], ["develop", true]] as const) {
    for (const [name, raw] of Object.entries(asRecord(doc[section]) ?? {})) {
      const version = asString(asRecord(raw)?.version)?.replace(/^===?/, "");
      if (version && name !== "") out.push(pypiPackage(name, version, path, { dev }));
    }
  }
  return { packages: dedupe(out), warnings };
}
