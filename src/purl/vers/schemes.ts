/**
 * VERS versioning schemes → Dredge's version schemes (src/versioning). The VERS scheme is by convention the
 * purl type (`vers:deb/…`, `vers:pypi/…`); a few other names the specification and its tools use are
 * accepted (`semver`, `alpine`, `generic`).
 */
import type { SchemeId } from "../../versioning/types.js";

export const versSchemes: Readonly<Record<string, SchemeId>> = {
  deb: "deb",
  rpm: "rpm",
  apk: "apk",
  alpine: "apk",
  npm: "semver",
  semver: "semver",
  cargo: "semver",
  hex: "semver",
  pub: "semver",
  swift: "semver",
  pypi: "pep440",
  maven: "maven",
  gem: "gem",
  cocoapods: "gem",
  golang: "go",
  nuget: "nuget",
  composer: "composer",
  conan: "generic",
  generic: "generic",
};

/** The scheme of a purl type's versions (the VERS scheme of the same name); undefined for a type Dredge does not compare. */
export function schemeOfPurlType(type: string): SchemeId | undefined {
  return Object.hasOwn(versSchemes, type) && type !== "semver" && type !== "generic" && type !== "alpine" ? versSchemes[type] : undefined;
}
