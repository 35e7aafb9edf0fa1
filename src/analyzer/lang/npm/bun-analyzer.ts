/** bun.lock (text lockfile) in source trees; bun.lockb, the older binary format, is not read. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseBunLock } from "./bun-lock.js";

export const bunLockAnalyzer: Analyzer = langAnalyzer({
  id: "bun-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)bun\.lock$/.test(path) && !path.includes("/node_modules/") ? parseBunLock : undefined),
});
