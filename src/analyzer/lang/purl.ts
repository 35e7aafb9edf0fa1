/** Package URLs for language packages (packageurl-js does the encoding: `pkg:npm/%40scope/name@1.2.3`). */
import { PackageURL } from "packageurl-js";

export function langPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers?: Record<string, string>,
): string {
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  return new PackageURL(type, namespace || undefined, name, version || undefined, q, undefined).toString();
}

/** PEP 503 normalised Python project name: lower case, runs of `-_.` become `-`. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
