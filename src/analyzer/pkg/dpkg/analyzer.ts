/**
 * dpkg analyzer. Per layer it reports each status / status.d file (packages without owned files and
 * licences) and, as `dpkg-info` stub sets, each .list and DEP-5 copyright file; the merge step attaches
 * those to the surviving packages with applyDpkgInfo (they may come from earlier layers than the status).
 */
import type { Analyzer, PackageSet } from "../../types.js";
import { DPKG_ANALYZER, isCopyrightFile, isListFile, isStatusFile } from "./database.js";
import { dpkgInfoSet } from "./info.js";
import { parseDpkgStatus } from "./status.js";

export const dpkgAnalyzer: Analyzer = {
  id: DPKG_ANALYZER,
  version: 2, // 2: held packages count as installed
  wants: (path) => isStatusFile(path) || isListFile(path) || isCopyrightFile(path),
  analyze(files, ctx) {
    const packageSets: PackageSet[] = [];
    for (const file of files) {
      if (isStatusFile(file.path)) {
        const r = parseDpkgStatus(file.content, file.path);
        for (const w of r.warnings) ctx.warn(w, file.path);
        packageSets.push({ path: file.path, analyzer: DPKG_ANALYZER, packages: r.packages });
        continue;
      }
      const info = dpkgInfoSet(file.path, file.content);
      if (info) packageSets.push(info);
    }
    return Promise.resolve(packageSets.length > 0 ? { packageSets } : {});
  },
};
