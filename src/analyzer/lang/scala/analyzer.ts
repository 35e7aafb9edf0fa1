/** Scala analyzers: sbt-dependency-lock build.sbt.lock. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseSbtLock } from "./sbt-lock.js";

export const sbtLockAnalyzer: Analyzer = langAnalyzer({
  id: "sbt-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)build\.sbt\.lock$/.test(path) ? parseSbtLock : undefined),
});
