/** Language package types → the advisory namespace they use (its version scheme: the ecosystem map, src/ecosystem/). */
import { namespaceScheme } from "../../ecosystem/index.js";
import { DredgeError } from "../../errors.js";
import type { Package, PackageType } from "../../model/package.js";
import type { SchemeId } from "../../versioning/types.js";

export interface Ecosystem {
  namespace: string;
  scheme: SchemeId;
  /** The version as advisories write it. */
  version(pkg: Package): string;
}

function schemeOf(namespace: string): SchemeId {
  const scheme = namespaceScheme(namespace);
  if (!scheme) throw new DredgeError("INTERNAL", `namespace ${namespace} is not in the ecosystem map (src/ecosystem/languages.ts)`);
  return scheme;
}

const plain = (namespace: string): Ecosystem => ({ namespace, scheme: schemeOf(namespace), version: (p) => p.version });

export const ecosystems: Partial<Record<PackageType, Ecosystem>> = {
  npm: plain("npm"),
  pypi: plain("pypi"),
  maven: plain("maven"),
  golang: {
    namespace: "go",
    scheme: schemeOf("go"),
    // The Go toolchain (`stdlib`) is 1.21.3 in build info but v1.21.3 in the Go vulndb.
    version: (p) => (/^v|^\(devel\)$/.test(p.version) ? p.version : `v${p.version}`),
  },
  cargo: plain("crates.io"),
  gem: plain("rubygems"),
  composer: plain("packagist"),
  nuget: plain("nuget"),
  hex: plain("hex"),
  pub: plain("pub"),
  conan: plain("conan"),
  swift: plain("swift"),
  cocoapods: plain("cocoapods"),
};
