/** Secret scanning: rules, engine, layer analyzer, image-config scan. */
export type { SecretAllowRule, SecretRule, SecretRuleSet } from "./types.js";
export { DEFAULT_MAX_SECRET_FILE_SIZE } from "./types.js";
export { builtinAllowRules, builtinSecretRules } from "./builtin.js";
export { MAX_FINDINGS_PER_FILE, compileRuleSet, prepared, scanString, scanText, type CompiledRuleSet } from "./engine.js";
export { secretConfigSchema, secretRuleSet, type SecretConfigInput } from "./config.js";
export { SECRET_ANALYZER_ID, SECRET_ANALYZER_VERSION, placeSecrets, ruleSetFingerprint, secretAnalyzer, type SecretAnalysisResult } from "./analyzer.js";
export { scanImageMetadataSecrets } from "./metadata.js";
export { isBinary, isBinaryPath, maskSecret, shannonEntropy } from "./text.js";
export { imageLayerSecrets } from "./image.js";
