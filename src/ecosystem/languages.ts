/** Language ecosystems: OSV name, other names, database namespace, version scheme. */
import type { LanguageEcosystem } from "./types.js";

export const languageEcosystems: readonly LanguageEcosystem[] = [
  { osv: "npm", namespace: "npm", scheme: "semver" },
  { osv: "PyPI", aliases: ["pip"], namespace: "pypi", scheme: "pep440" },
  { osv: "Maven", namespace: "maven", scheme: "maven" },
  { osv: "Go", aliases: ["golang"], namespace: "go", scheme: "go" },
  { osv: "crates.io", aliases: ["cargo"], namespace: "crates.io", scheme: "semver" },
  { osv: "RubyGems", aliases: ["gem"], namespace: "rubygems", scheme: "gem" },
  { osv: "Packagist", aliases: ["composer"], namespace: "packagist", scheme: "composer" },
  { osv: "NuGet", namespace: "nuget", scheme: "nuget" },
  { osv: "Hex", namespace: "hex", scheme: "semver" },
  { osv: "Pub", namespace: "pub", scheme: "semver" },
  // OSV names Swift packages by repository URL (`github.com/apple/swift-nio`), as Package.resolved does.
  { osv: "SwiftURL", namespace: "swift", scheme: "semver", fetch: false },
  // Conan versions are free-form (`1.1.1q`, `cci.20200101`).
  { osv: "ConanCenter", namespace: "conan", scheme: "generic", fetch: false },
  { osv: "GitHub Actions", namespace: "github-actions", scheme: "semver" },
  // CocoaPods' Pod::Version is a Gem::Version; no feed fills this namespace yet.
  { namespace: "cocoapods", scheme: "gem" },
];
