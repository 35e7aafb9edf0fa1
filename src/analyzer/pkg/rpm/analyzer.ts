/** rpm analyzer: BerkeleyDB Packages, NDB Packages.db and SQLite rpmdb.sqlite (+ its -wal) of each layer. */
import type { Analyzer } from "../../types.js";
import { isRpmFile, readRpmDatabase, RPM_ANALYZER } from "./database.js";

export const rpmAnalyzer: Analyzer = {
  id: RPM_ANALYZER,
  version: 1,
  wants: (path) => isRpmFile(path),
  analyze(files, ctx) {
    const { packageSets, warnings } = readRpmDatabase(new Map(files.map((f) => [f.path, f.content] as const)));
    for (const w of warnings) ctx.warn(w.message, w.path);
    return Promise.resolve(packageSets.length > 0 ? { packageSets } : {});
  },
};
