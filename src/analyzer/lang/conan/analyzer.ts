/** C/C++ analyzers: Conan lockfiles. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseConanLock } from "./conan-lock.js";

export const conanLockAnalyzer: Analyzer = langAnalyzer({
  id: "conan-lock",
  version: 1,
  parserFor: (path) => (/(^|\/)conan\.lock$/.test(path) ? parseConanLock : undefined),
});
