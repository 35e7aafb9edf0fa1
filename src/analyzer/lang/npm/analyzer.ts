/** npm analyzers: installed packages (package.json) and lockfiles (package-lock, shrinkwrap, yarn, pnpm). */
import type { Analyzer } from "../../types.js";
import { ownValue } from "../../../util/own.js";
import { langAnalyzer } from "../analyzer.js";
import { type SiblingParser, siblingAnalyzer } from "../siblings.js";
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

const lockParsers: Record<string, SiblingParser> = {
  "package-lock.json": parsePackageLock,
  "npm-shrinkwrap.json": parsePackageLock,
  "yarn.lock": parseYarnLock,
  "pnpm-lock.yaml": parsePnpmLock,
};

/** Lockfiles with the project's package.json files (yarn.lock: which dependencies are dev, ../siblings.ts). */
export const npmLockAnalyzer: Analyzer = siblingAnalyzer({
  id: "npm-lock",
  version: 2,
  // Lockfiles shipped inside installed dependencies describe those dependencies' own dev setups.
  parserFor: (path) => (path.includes("/node_modules/") ? undefined : ownValue(lockParsers, base(path))),
  isSibling: (path) => base(path) === "package.json" && !path.includes("/node_modules/"),
});
