/** OS analyzer: what each os-release / release file of a layer says. The merge step calls detectOS on the merged view. */
import type { AnalysisResult, Analyzer } from "../types.js";
import { detectOS, osPaths } from "./detect.js";

const wanted = new Set(osPaths);

export const osAnalyzer: Analyzer = {
  id: "os-release",
  version: 1,
  wants: (path) => wanted.has(path),
  analyze(files) {
    const os: NonNullable<AnalysisResult["os"]> = [];
    for (const file of files) {
      const info = detectOS(new Map([[file.path, file.content]]));
      if (info) os.push({ path: file.path, os: info });
    }
    return Promise.resolve(os.length > 0 ? { os } : {});
  },
};
