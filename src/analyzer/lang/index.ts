/**
 * Language analyzers by scan target, as Trivy splits them. In an image, installed artifacts are the truth
 * (node_modules/**\/package.json, dist-info, gemspecs, binaries, jars) and only lockfiles that describe what
 * was built or installed are read (Cargo.lock, composer.lock, packages.lock.json, deps.json): a
 * package-lock.json left in an image still lists packages deleted from node_modules. A source tree
 * (`dredge fs DIR`, repositories) is described by its lockfiles and manifests.
 */
import type { Analyzer } from "../types.js";
import { npmInstalledAnalyzer, npmLockAnalyzer } from "./npm/analyzer.js";
import { pythonInstalledAnalyzer, pythonLockAnalyzer } from "./python/analyzer.js";
import { gemfileLockAnalyzer, gemspecAnalyzer } from "./ruby/analyzer.js";
import { composerInstalledAnalyzer, composerLockAnalyzer } from "./php/analyzer.js";
import { dotnetDepsAnalyzer, nugetLockAnalyzer } from "./dotnet/analyzer.js";
import { goBinaryAnalyzer, goModAnalyzer } from "./golang/analyzer.js";
import { cargoLockAnalyzer, rustBinaryAnalyzer } from "./rust/analyzer.js";
import { jarAnalyzer, javaBuildAnalyzer } from "./java/analyzer.js";
import { bunLockAnalyzer } from "./npm/bun-analyzer.js";
import { pylockAnalyzer } from "./python/pylock-analyzer.js";
import { packagesPropsAnalyzer } from "./dotnet/packages-props-analyzer.js";
import { pubspecLockAnalyzer } from "./dart/analyzer.js";
import { mixLockAnalyzer } from "./elixir/analyzer.js";
import { conanLockAnalyzer } from "./conan/analyzer.js";
import { podfileLockAnalyzer, swiftResolvedAnalyzer } from "./swift/analyzer.js";
import { sbtLockAnalyzer } from "./scala/analyzer.js";

/** Images and root filesystems (the list src/analyzer/registry.ts registers). */
export const imageLangAnalyzers: readonly Analyzer[] = [
  npmInstalledAnalyzer,
  pythonInstalledAnalyzer,
  gemspecAnalyzer,
  composerInstalledAnalyzer,
  composerLockAnalyzer,
  dotnetDepsAnalyzer,
  nugetLockAnalyzer,
  goBinaryAnalyzer,
  cargoLockAnalyzer,
  rustBinaryAnalyzer,
  jarAnalyzer,
];

/** Source trees: `dredge fs DIR`, repositories. */
export const sourceLangAnalyzers: readonly Analyzer[] = [
  npmLockAnalyzer,
  pythonLockAnalyzer,
  gemfileLockAnalyzer,
  composerInstalledAnalyzer,
  composerLockAnalyzer,
  dotnetDepsAnalyzer,
  nugetLockAnalyzer,
  goModAnalyzer,
  goBinaryAnalyzer,
  cargoLockAnalyzer,
  rustBinaryAnalyzer,
  jarAnalyzer,
  javaBuildAnalyzer,
  bunLockAnalyzer,
  pylockAnalyzer,
  packagesPropsAnalyzer,
  pubspecLockAnalyzer,
  mixLockAnalyzer,
  conanLockAnalyzer,
  swiftResolvedAnalyzer,
  podfileLockAnalyzer,
  sbtLockAnalyzer,
];
