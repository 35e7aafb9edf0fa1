/** PEP 751 lockfiles: `pylock.toml` and named ones (`pylock.<name>.toml`). */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parsePylock } from "./pylock.js";

export const pylockAnalyzer: Analyzer = langAnalyzer({
  id: "pylock",
  version: 1,
  parserFor: (path) => (/(^|\/)pylock(\.[^/.]+)?\.toml$/.test(path) ? parsePylock : undefined),
});
