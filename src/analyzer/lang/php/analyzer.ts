/** PHP analyzers: Composer's installed.json (installed vendor tree) and composer.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseComposerLock, parseInstalledJson } from "./composer.js";

export const composerInstalledAnalyzer: Analyzer = langAnalyzer({
  id: "composer-installed",
  version: 1,
  parserFor: (path) => (path.endsWith("/vendor/composer/installed.json") ? parseInstalledJson : undefined),
});

export const composerLockAnalyzer: Analyzer = langAnalyzer({
  id: "composer-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)composer\.lock$/.test(path) && !path.includes("/vendor/") ? parseComposerLock : undefined),
});
