/**
 * The scan pipeline: one typed entry per job. Front ends (CLI, server, registry adapter, admission) build
 * `ScanOptions` (options.ts) and `ScanHooks` (hooks.ts), call one of these, and render what comes back.
 */
export { scanTarget, scanInventory, reportInventory, openScanSession, type ScanResult, type ScanSession } from "./scan-target.js";
export { scanTargets, defaultParallel } from "./scan-list.js";
export { parseInputList, type ListedImage } from "./input-list.js";
export { matchWithDatabase, coverageForClasses, type InventoryMatch, type InventoryMatchFn } from "./inventory-match.js";
export { inventoryTarget, inventorySbomDocument, sbomTarget, inspectTarget, sbomFormats, type SbomFormat, type SbomResult, type InventoryOptions } from "./inventory-target.js";
export { configScan } from "./config-scan.js";
export { loadTargets, loadImages, targetMode, type LoadedTarget, type ImageReadOptions } from "./load.js";
export { resolveImageDigest, inventoryFingerprint, type ResolvedDigest } from "./resolve-digest.js";
export { openScanDatabase, type ScanDatabase } from "./database.js";
export { packageMatchCache, type PackageMatchCache } from "./package-matches.js";
export { applySuppressions } from "./suppress.js";
export type { ScanHooks } from "./hooks.js";
export { parseScanOptions, scanOptionsSchema, type ScanOptions } from "./options.js";
export type { LayerProgress } from "../artifact/image.js";
export type { InspectImage, InspectReport } from "../artifact/inspect-report.js";
export { formatPlatform } from "../image/platform.js";
export { listRules as listMisconfigRules } from "../checks/misconfig/index.js";
export { cleanCache as cleanLayerCache } from "../cache/layer-cache.js";
