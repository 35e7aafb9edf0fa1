/** OS analyzer: what each os-release / release file of a layer says. The merge step calls detectOS on the merged view. */
import type { AnalysisResult, Analyzer } from "../types.js";
import { detectOS, osPaths } from "./detect.js";
import { APK_REPOSITORIES, apkRepositoryBranch } from "../../distro/alpine/repositories.js";

const wanted = new Set([...osPaths, APK_REPOSITORIES]);

export const osAnalyzer: Analyzer = {
  id: "os-release",
  version: 2, // 2: /etc/apk/repositories
  wants: (path) => wanted.has(path),
  analyze(files) {
    const os: NonNullable<AnalysisResult["os"]> = [];
    for (const file of files) {
      if (file.path === APK_REPOSITORIES) {
        // Not an OS answer of its own: pickOS reads it as the branch of an Alpine image.
        const branch = apkRepositoryBranch(file.content.subarray(0, 64 * 1024).toString("utf8"));
        if (branch) os.push({ path: file.path, os: { family: "alpine", name: branch } });
        continue;
      }
      const info = detectOS(new Map([[file.path, file.content]]));
      if (info) os.push({ path: file.path, os: info });
    }
    return Promise.resolve(os.length > 0 ? { os } : {});
  },
};
