/** npm analyzers: installed packages (package.json) and lockfiles (package-lock, shrinkwrap, yarn, pnpm). */
import type { Analyzer } from "../../types.js";
import { ownValue } from "../../../util/own.js";
import { langAnalyzer } from "../analyzer.js";
import type { LangParser } from "../types.js";
import { isPackageJson, parsePackageJson } from "./package-json.js";
import { parsePackageLock } from "./package-lock.js";
import { parsePnpmLock } from "./pnpm-lock.js";
import { parseYarnLock } from "./yarn-lock.js";

const base = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

export const npmInstalledAnalyzer: Analyzer = langAnalyzer({
  id: "npm-installed",
  version: 1,
  maxBytes: 4 * 1024 * 1024,
  parserFor: (path) => (isPackageJson(path) ? parsePackageJson : undefined),
});

const lockParsers: Record<string, LangParser> = {
  "package-lock.json": parsePackageLock,
  "npm-shrinkwrap.json": parsePackageLock,
  "yarn.lock": parseYarnLock,
  "pnpm-lock.yaml": parsePnpmLock,
};

export const npmLockAnalyzer: Analyzer = langAnalyzer({
  id: "npm-lock",
  version: 1,
  // Lockfiles shipped inside installed dependencies describe those dependencies' own dev setups.
  parserFor: (path) => (path.includes("/node_modules/") ? undefined : ownValue(lockParsers, base(path))),
});
