/**
 * Installed npm packages: `node_modules/**\/package.json` (nested, scoped, global), and an application's
 * own package.json (outside node_modules) as a root package when it has a name and a version.
 */
import type { ParseResult } from "../types.js";
import { asRecord, asString, emptyResult, parseJson } from "../types.js";
import { isNpmName, npmLicenses, npmPackage } from "./package.js";

/** True when `path` is `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`. */
export function isInstalledPackageJson(path: string): boolean {
  return /\/node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(path);
}

export function isPackageJson(path: string): boolean {
  return path.endsWith("/package.json") || path === "package.json";
}

export function parsePackageJson(content: Buffer, path: string): ParseResult {
  const warnings: string[] = [];
  const installed = isInstalledPackageJson(path);
  // A package.json deeper inside an installed package (lib/package.json, {"type":"module"}) is not a package.
  if (!installed && path.includes("/node_modules/")) return emptyResult();
  const doc = asRecord(parseJson(content, path, warnings));
  if (!doc) {
    if (warnings.length === 0) warnings.push(`${path}: package.json is not a JSON object`);
    return emptyResult(warnings);
  }
  const name = asString(doc.name);
  const version = asString(doc.version);
  // Without a version it is a project that is not published (or a test fixture): not a package.
  if (!name || !version) return emptyResult(warnings);
  if (!isNpmName(name)) {
    warnings.push(`${path}: invalid npm package name ${JSON.stringify(name.slice(0, 80))}, skipped`);
    return emptyResult(warnings);
  }
  const licenses = npmLicenses(doc);
  const pkg = npmPackage(name, version, path, licenses ? { licenses } : {});
  return { packages: [pkg], warnings };
}
