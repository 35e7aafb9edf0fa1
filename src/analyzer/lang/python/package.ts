/** PyPI package constructor: the purl carries the PEP 503 normalised name, `name` keeps the spelling found. */
import type { Package } from "../../../model/package.js";
import { langPurl, pep503 } from "../purl.js";

/** `qualifiers`: where a package that does not come from the index comes from (../origin.ts). */
export function pypiPackage(name: string, version: string, path: string, extra: Partial<Package> = {}, qualifiers?: Record<string, string>): Package {
  const purl = langPurl("pypi", undefined, pep503(name), version, qualifiers);
  return { type: "pypi", name, version, purl, locations: [{ path }], ...extra };
}

/** A plausible Python project name (PEP 508): letters, digits, `-_.`. */
export function isPythonName(name: string): boolean {
  return /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name) && name.length <= 200;
}
