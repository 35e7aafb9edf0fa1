/** Swift and Objective-C analyzers: SwiftPM Package.resolved and CocoaPods Podfile.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parsePackageResolved } from "./package-resolved.js";
import { parsePodfileLock } from "./podfile-lock.js";

export const swiftResolvedAnalyzer: Analyzer = langAnalyzer({
  id: "swift-resolved",
  version: 1,
  parserFor: (path) => (/(^|\/)Package\.resolved$/.test(path) ? parsePackageResolved : undefined),
});

export const podfileLockAnalyzer: Analyzer = langAnalyzer({
  id: "cocoapods-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)Podfile\.lock$/.test(path) ? parsePodfileLock : undefined),
});
