/** Elixir analyzers: mix.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseMixLock } from "./mix-lock.js";

export const mixLockAnalyzer: Analyzer = langAnalyzer({
  id: "mix-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)mix\.lock$/.test(path) ? parseMixLock : undefined),
});
