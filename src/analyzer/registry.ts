/** Every analyzer Dredge runs, one line each (explicit: no import-for-side-effect registration). */
import { imageLangAnalyzers, sourceLangAnalyzers } from "./lang/index.js";
import { osAnalyzer } from "./os/analyzer.js";
import { apkAnalyzer } from "./pkg/apk/analyzer.js";
import { dpkgAnalyzer } from "./pkg/dpkg/analyzer.js";
import { rpmAnalyzer } from "./pkg/rpm/analyzer.js";
import { runtimeAnalyzers } from "./runtime/index.js";
import type { Analyzer } from "./types.js";

/** OS identity and OS package databases. */
export const osAnalyzers: readonly Analyzer[] = [osAnalyzer, dpkgAnalyzer, apkAnalyzer, rpmAnalyzer];

/** Images and root filesystems: installed packages (lockfiles left in images are not trusted, as Trivy). */
export const analyzers: readonly Analyzer[] = [...osAnalyzers, ...imageLangAnalyzers, ...runtimeAnalyzers];

export type AnalysisMode = "image" | "rootfs" | "fs";

/** Project directories read lockfiles and manifests; images and root filesystems what is installed. */
export function analyzersFor(mode: AnalysisMode): readonly Analyzer[] {
  return mode === "fs" ? [...osAnalyzers, ...sourceLangAnalyzers] : analyzers;
}
