/** Every analyzer Dredge runs, one line each (explicit: no import-for-side-effect registration). */
import { osAnalyzer } from "./os/analyzer.js";
import { apkAnalyzer } from "./pkg/apk/analyzer.js";
import { dpkgAnalyzer } from "./pkg/dpkg/analyzer.js";
import { rpmAnalyzer } from "./pkg/rpm/analyzer.js";
import { npmInstalledAnalyzer } from "./lang/npm/analyzer.js";
import { pythonInstalledAnalyzer } from "./lang/python/analyzer.js";
import { gemspecAnalyzer } from "./lang/ruby/analyzer.js";
import { composerInstalledAnalyzer, composerLockAnalyzer } from "./lang/php/analyzer.js";
import { dotnetDepsAnalyzer, nugetLockAnalyzer } from "./lang/dotnet/analyzer.js";
import { goBinaryAnalyzer } from "./lang/golang/analyzer.js";
import { cargoLockAnalyzer, rustBinaryAnalyzer } from "./lang/rust/analyzer.js";
import { jarAnalyzer } from "./lang/java/analyzer.js";
import type { Analyzer } from "./types.js";

export const analyzers: readonly Analyzer[] = [
  osAnalyzer,
  dpkgAnalyzer,
  apkAnalyzer,
  rpmAnalyzer,
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
