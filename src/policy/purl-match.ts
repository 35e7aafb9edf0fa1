/**
 * Package URL matching for ignore scopes and VEX products. A pattern matches a package purl when type,
 * namespace and name are equal (packageurl-js normalises case where the purl spec says so, e.g. pypi),
 * the pattern's version is absent or equal, and every qualifier the pattern carries is present with the
 * same value (`distro` treats Debian/Ubuntu codenames and versions as equal, see distro.ts). A pattern
 * that is not a full purl (`pkg:deb/debian/`, `pkg:npm/@babel`) matches as a prefix of the package purl
 * ending at a `/`, `@`, `?` or `#` boundary.
 */
import { PackageURL } from "packageurl-js";
import { distroEquivalent } from "./distro.js";

export function parsePurl(s: string): PackageURL | undefined {
  try {
    return PackageURL.fromString(s);
  } catch {
    return undefined;
  }
}

function qualifiersMatch(pattern: PackageURL, pkg: PackageURL): boolean {
  const want = pattern.qualifiers ?? {};
  const have = pkg.qualifiers ?? {};
  return Object.entries(want).every(([k, v]) => {
    const h = have[k];
    return h === v || (k === "distro" && h !== undefined && distroEquivalent(v, h));
  });
}

/** Structured comparison of two parsed purls (see the module comment). */
export function purlMatchesParsed(pattern: PackageURL, pkg: PackageURL): boolean {
  if (pattern.type !== pkg.type || pattern.name !== pkg.name) return false;
  if ((pattern.namespace ?? "") !== (pkg.namespace ?? "")) return false;
  if (pattern.version !== undefined && pattern.version !== pkg.version) return false;
  if (pattern.subpath !== undefined && pattern.subpath !== pkg.subpath) return false;
  return qualifiersMatch(pattern, pkg);
}

function prefixMatches(pattern: string, purl: string): boolean {
  if (!purl.startsWith(pattern)) return false;
  if (pattern.endsWith("/")) return true;
  const next = purl.charAt(pattern.length);
  return next === "" || "/@?#".includes(next);
}

/** True when `pattern` (a purl or purl prefix) matches the package purl `purl`. */
export function purlMatches(pattern: string, purl: string): boolean {
  const pat = parsePurl(pattern);
  const pkg = parsePurl(purl);
  if (pat && pkg && purlMatchesParsed(pat, pkg)) return true;
  return prefixMatches(pattern, purl);
}
