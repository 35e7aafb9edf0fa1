/** apk analyzer: /lib/apk/db/installed (or /usr/lib/apk/db/installed) of each layer. */
import type { Analyzer } from "../../types.js";
import { APK_INSTALLED_PATHS, parseApkInstalled } from "./parse-installed.js";

export const apkAnalyzer: Analyzer = {
  id: "apk",
  version: 1,
  wants: (path) => APK_INSTALLED_PATHS.includes(path),
  analyze(files, ctx) {
    const packageSets = files.map((file) => {
      const r = parseApkInstalled(file.content, file.path);
      for (const w of r.warnings) ctx.warn(w, file.path);
      return { path: file.path, analyzer: "apk", packages: r.packages };
    });
    return Promise.resolve(packageSets.length > 0 ? { packageSets } : {});
  },
};
