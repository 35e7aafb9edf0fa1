/** .NET analyzers: published applications' `*.deps.json` and NuGet packages.lock.json. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseDepsJson, parsePackagesLock } from "./nuget.js";

export const dotnetDepsAnalyzer: Analyzer = langAnalyzer({
  id: "dotnet-deps",
  version: 1,
  parserFor: (path) => (path.endsWith(".deps.json") ? parseDepsJson : undefined),
});

export const nugetLockAnalyzer: Analyzer = langAnalyzer({
  id: "nuget-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)packages\.lock\.json$/.test(path) ? parsePackagesLock : undefined),
});
