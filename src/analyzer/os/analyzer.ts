/** OS analyzer: what each os-release / release file of a layer says. The merge step calls detectOS on the merged view. */
import type { AnalysisResult, Analyzer } from "../types.js";
import { distros } from "../../distro/index.js";
import { detectOS, osPaths } from "./detect.js";

/** Files that are no OS answer of their own but that a family reads when merging (Alpine's /etc/apk/repositories). */
const hints = new Map(distros.flatMap((d) => d.hintFiles ?? []).map((h) => [h.path, h.parse] as const));
const wanted = new Set([...osPaths, ...hints.keys()]);

export const osAnalyzer: Analyzer = {
  id: "os-release",
  version: 2, // 2: /etc/apk/repositories
  wants: (path) => wanted.has(path),
  analyze(files) {
    const os: NonNullable<AnalysisResult["os"]> = [];
    for (const file of files) {
      const hint = hints.get(file.path);
      if (hint) {
        const answer = hint(file.content.subarray(0, 64 * 1024).toString("utf8"));
        if (answer) os.push({ path: file.path, os: answer });
        continue;
      }
      const info = detectOS(new Map([[file.path, file.content]]));
      if (info) os.push({ path: file.path, os: info });
    }
    return Promise.resolve(os.length > 0 ? { os } : {});
  },
};
