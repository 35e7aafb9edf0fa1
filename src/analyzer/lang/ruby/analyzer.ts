/** Ruby analyzers: installed gem specifications and Gemfile.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseGemfileLock } from "./gemfile-lock.js";
import { isGemspecPath, parseGemspec } from "./gemspec.js";

export const gemspecAnalyzer: Analyzer = langAnalyzer({
  id: "ruby-gemspec",
  version: 1,
  maxBytes: 1024 * 1024,
  parserFor: (path) => (isGemspecPath(path) ? parseGemspec : undefined),
});

export const gemfileLockAnalyzer: Analyzer = langAnalyzer({
  id: "ruby-gemfile-lock",
  version: 2,
  parserFor: (path) => (path.endsWith("/Gemfile.lock") || path === "Gemfile.lock" ? parseGemfileLock : undefined),
});
