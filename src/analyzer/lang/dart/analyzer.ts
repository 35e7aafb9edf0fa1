/** Dart/Flutter analyzers: pubspec.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parsePubspecLock } from "./pubspec-lock.js";

export const pubspecLockAnalyzer: Analyzer = langAnalyzer({
  id: "pubspec-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)pubspec\.lock$/.test(path) ? parsePubspecLock : undefined),
});
