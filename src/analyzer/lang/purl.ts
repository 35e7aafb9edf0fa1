/** Package URLs for language packages (packageurl-js does the encoding: `pkg:npm/%40scope/name@1.2.3`). */
import { purlString } from "../../purl/index.js";

export function langPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers?: Record<string, string>,
): string {
  return purlString(type, namespace || undefined, name, version || undefined, qualifiers);
}

/** PEP 503 normalised Python project name: lower case, runs of `-_.` become `-`. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
