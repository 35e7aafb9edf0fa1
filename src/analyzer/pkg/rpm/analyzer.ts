/** rpm analyzer: BerkeleyDB Packages, NDB Packages.db and SQLite rpmdb.sqlite (+ its -wal) of each layer. */
import type { Analyzer } from "../../types.js";
import { isRpmFile, readRpmDatabase, RPM_ANALYZER } from "./database.js";

export const rpmAnalyzer: Analyzer = {
  id: RPM_ANALYZER,
  version: 1,
  wants: (path) => isRpmFile(path),
  async analyze(files, ctx) {
    const contents = new Map(files.map((f) => [f.path, f.content] as const));
    const { packageSets, warnings } = await readRpmDatabase(contents, { tmpDir: ctx.tmpDir, signal: ctx.signal });
    for (const w of warnings) ctx.warn(w.message, w.path);
    return packageSets.length > 0 ? { packageSets } : {};
  },
};
