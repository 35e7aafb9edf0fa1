/**
 * build.sbt.lock (sbt-dependency-lock): `dependencies[]` with `org`, `name`, `version` and the
 * `configurations` they are used in. A dependency used only in `test` configurations is dev.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult, parseJson } from "../types.js";
import { isCoordinate, isMavenVersion, mavenPackage } from "../java/package.js";

export function parseSbtLock(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) return emptyResult(warnings.length > 0 ? warnings : [`${path}: not a JSON object`]);
  if (!Array.isArray(doc.dependencies)) return emptyResult([`${path}: no "dependencies" list`]);
  const out: Package[] = [];
  for (const d of doc.dependencies.map(asRecord)) {
    const org = asString(d?.org);
    const name = asString(d?.name);
    const version = asString(d?.version);
    if (!isCoordinate(org) || !isCoordinate(name) || !isMavenVersion(version)) continue;
    const confs = Array.isArray(d?.configurations) ? d.configurations.filter((c): c is string => typeof c === "string") : [];
    const dev = confs.length > 0 && confs.every((c) => /test/i.test(c));
    out.push(mavenPackage(org, name, version, path, { dev }));
  }
  return { packages: dedupe(out), warnings };
}
