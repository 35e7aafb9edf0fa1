/** Package URLs for language packages (packageurl-js does the encoding: `pkg:npm/%40scope/name@1.2.3`). */
import { PackageURL } from "packageurl-js";

/** Lone UTF-16 surrogates (JSON and YAML escapes can make them) cannot be percent-encoded: U+FFFD instead. */
const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");

export function langPurl(
  type: string,
  namespace: string | undefined,
  name: string,
  version: string,
  qualifiers?: Record<string, string>,
): string {
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  const [ns, n, v] = [namespace ? wellFormed(namespace) : undefined, wellFormed(name), wellFormed(version)];
  try {
    return new PackageURL(type, ns || undefined, n, v || undefined, q, undefined).toString();
  } catch {
    // packageurl-js refuses some versions real files carry (a Go version that is not strict semver, where
    // its golang check even throws a ReferenceError): the same components, percent-encoded, unchecked.
    const path = [...(ns ? ns.split("/") : []), n].map(encodeURIComponent).join("/");
    const query = q ? `?${Object.keys(q).sort().map((k) => `${k}=${encodeURIComponent(wellFormed(q[k] ?? ""))}`).join("&")}` : "";
    return `pkg:${type}/${path}${v ? `@${encodeURIComponent(v)}` : ""}${query}`;
  }
}

/** PEP 503 normalised Python project name: lower case, runs of `-_.` become `-`. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
