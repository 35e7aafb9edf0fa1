/** Language package types → the advisory namespace and version scheme they use. */
import type { Package, PackageType } from "../../model/package.js";
import type { SchemeId } from "../../versioning/types.js";

export interface Ecosystem {
  namespace: string;
  scheme: SchemeId;
  /** The version as advisories write it. */
  version(pkg: Package): string;
}

const plain = (namespace: string, scheme: SchemeId): Ecosystem => ({ namespace, scheme, version: (p) => p.version });

export const ecosystems: Partial<Record<PackageType, Ecosystem>> = {
  npm: plain("npm", "semver"),
  pypi: plain("pypi", "pep440"),
  maven: plain("maven", "maven"),
  golang: {
    namespace: "go",
    scheme: "go",
    // The Go toolchain (`stdlib`) is 1.21.3 in build info but v1.21.3 in the Go vulndb.
    version: (p) => (/^v|^\(devel\)$/.test(p.version) ? p.version : `v${p.version}`),
  },
  cargo: plain("crates.io", "semver"),
  gem: plain("rubygems", "gem"),
  composer: plain("packagist", "composer"),
  nuget: plain("nuget", "nuget"),
  hex: plain("hex", "semver"),
  pub: plain("pub", "semver"),
  // Conan versions are free-form (`1.1.1q`, `cci.20200101`); CocoaPods' Pod::Version is a Gem::Version.
  conan: plain("conan", "generic"),
  swift: plain("swift", "semver"),
  cocoapods: plain("cocoapods", "gem"),
};
