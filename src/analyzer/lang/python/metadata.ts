/**
 * Installed Python distributions: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO`, `*.egg-info` files and
 * `EGG-INFO/PKG-INFO` (core metadata, RFC 822 style headers), in site-packages, dist-packages and virtualenvs.
 */
import type { ParseResult } from "../types.js";
import { emptyResult } from "../types.js";
import { isPythonName, pypiPackage } from "./package.js";

export function isPythonMetadataPath(path: string): boolean {
  return (
    /\.dist-info\/METADATA$/.test(path) ||
    /\.egg-info\/PKG-INFO$/.test(path) ||
    /\/EGG-INFO\/PKG-INFO$/.test(path) ||
    /\/[^/]+\.egg-info$/.test(path)
  );
}

/** Header fields of the metadata (only the header block; the body is the long description). */
export function parseHeaders(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === "") break;
    if (/^[ \t]/.test(line)) {
      if (last && last.length > 0) last[last.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const values = fields.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    fields.set(key, values);
    last = values;
  }
  return fields;
}

function licenses(fields: Map<string, string[]>): string[] | undefined {
  const expr = fields.get("license-expression")?.[0];
  if (expr) return [expr];
  const lic = fields.get("license")?.[0];
  // `License:` sometimes holds the whole licence text: keep only short one-line values.
  if (lic && lic.toUpperCase() !== "UNKNOWN" && !lic.includes("\n") && lic.length <= 100) return [lic];
  const fromClassifiers = (fields.get("classifier") ?? [])
    .filter((c) => c.startsWith("License ::"))
    .map((c) => c.split("::").pop()?.trim() ?? "")
    .filter((c) => c !== "" && c !== "OSI Approved");
  return fromClassifiers.length > 0 ? fromClassifiers : undefined;
}

export function parsePythonMetadata(content: Buffer, path: string): ParseResult {
  if (content.subarray(0, 8192).includes(0)) return emptyResult([`${path}: binary content, not Python metadata`]);
  const fields = parseHeaders(content.toString("utf8"));
  const name = fields.get("name")?.[0];
  const version = fields.get("version")?.[0];
  if (!name || !version) return emptyResult([`${path}: Python metadata without Name or Version, skipped`]);
  if (!isPythonName(name) || /\s/.test(version) || version.length > 100) {
    return emptyResult([`${path}: invalid Python metadata Name/Version, skipped`]);
  }
  const lic = licenses(fields);
  return { packages: [pypiPackage(name, version, path, lic ? { licenses: lic } : {})], warnings: [] };
}
