/** The library entry point: `import { … } from "dredge"`. */
export { DredgeError, isDredgeError } from "./errors.js";
export type { ErrorCode } from "./errors.js";
export type { Logger } from "./util/log.js";
export type * from "./model/image.js";
export type * from "./model/package.js";
export * as versioning from "./versioning/index.js";

// The pipeline: one call per job, as every front end uses it (see README "Library").
export { scanTarget, scanTargets, parseInputList, inventoryTarget, sbomTarget, inspectTarget, configScan, sbomFormats } from "./scan/index.js";
export type { ScanHooks, ScanResult, SbomFormat, SbomResult } from "./scan/index.js";
// Comparing two images, SBOMs or reports (`dredge diff`; the server's "compare two images").
export { diffTargets, compareSides, sideFromReport, readDredgeReport, renderDiff, writeDiff, diffFormats } from "./diff/index.js";
export type { ImageDiff, DiffFormat, DiffSide, DiffSideInfo, DiffPackage, ChangedPackage, DiffVulnerability, DiffInputKind } from "./diff/index.js";
// Client mode: analyse here, match on a Dredge server (scanTarget's `remote`).
export { serverClient } from "./client/server-client.js";
export type { ServerClient, ServerClientOptions, InventoryUpload } from "./client/server-client.js";
export { matchWithDatabase, reportInventory, inventorySbomDocument } from "./scan/index.js";
export type { InventoryMatch, InventoryMatchFn } from "./scan/index.js";

// The stages, for programmatic use.
export { openImageTarget } from "./image/target.js";
export type { ImageSource, ResolvedImage } from "./image/types.js";
export { analyzers, analyzersFor } from "./analyzer/registry.js";
export type { Analyzer } from "./analyzer/types.js";
export { analyzeImage } from "./artifact/image.js";
export { analyzeDirectory } from "./artifact/directory.js";
export { buildInventory } from "./inventory/build.js";
export type { Inventory } from "./model/inventory.js";
export type * from "./model/finding.js";
export type * from "./model/coverage.js";
export { openAdvisoryStore, buildDatabase, ensureDatabase } from "./db/index.js";
export { matchInventory } from "./scan/match.js";
export { parseScanOptions, scanOptionsSchema } from "./scan/options.js";
export type { ScanOptions } from "./scan/options.js";
export { buildReport } from "./scan/report.js";
export { reporters, reporterFor } from "./report/registry.js";
export { writeMulti, reportLabels } from "./report/multi.js";
export type { MultiReport, Reporter, ReportOptions } from "./report/types.js";
export { cyclonedxSbom } from "./report/cyclonedx/sbom.js";
export { spdxSbom } from "./report/spdx-json/sbom.js";
export { readSbom } from "./sbom-input/index.js";
export { silentLogger } from "./util/log.js";
