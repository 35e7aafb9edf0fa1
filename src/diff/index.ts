/**
 * Comparing two images, SBOMs or Dredge JSON reports: packages added, removed and changed, vulnerabilities
 * new and resolved. `dredge diff` and the server's "compare two images" call this; they only print.
 */
export { diffTargets, detectDiffInput, type DiffInput } from "./load.js";
export { compareSides, countBySeverity, severitiesAtOrAbove, type CompareOptions } from "./compare.js";
export { sideFromReport, purlNamespace, type DiffSide } from "./side.js";
export { readDredgeReport, MAX_REPORT_BYTES } from "./report-input.js";
export { renderDiff, writeDiff, diffFormats, isDiffFormat, renderDiffJson, renderDiffMarkdown, renderDiffTable, DIFF_SCHEMA_VERSION, type DiffFormat, type DiffTableOptions } from "./render/index.js";
export type * from "./types.js";
export { diffInputKinds } from "./types.js";
