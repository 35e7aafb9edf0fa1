/** Go analyzers: build info of executables, and go.mod. */
import type { Analyzer } from "../../types.js";
import { langAnalyzer } from "../analyzer.js";
import { parseGoBinary } from "./go-binary.js";
import { parseGoMod } from "./go-mod.js";

/** Executables large enough to be a Go program; shared libraries and scripts are cheap to reject later. */
export const goBinaryAnalyzer: Analyzer = langAnalyzer({
  id: "go-binary",
  version: 1,
  maxBytes: 512 * 1024 * 1024,
  wantsFile: (info) => (info.mode & 0o111) !== 0 && info.size >= 64 * 1024,
  parserFor: (path) => (/\.(so(\.\d+)*|sh|py|pl|rb|js)$/.test(path) ? undefined : parseGoBinary),
});

export const goModAnalyzer: Analyzer = langAnalyzer({
  id: "go-mod",
  version: 1,
  parserFor: (path) => (/(^|\/)go\.mod$/.test(path) && !path.includes("/vendor/") ? parseGoMod : undefined),
});
