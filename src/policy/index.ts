/** Suppression of findings: ignore files (`.dredgeignore`, `.dredgeignore.yaml`) and VEX documents. */
export type { IgnoreCategory, IgnoreRule, IgnoreRules } from "./ignore/types.js";
export { ignoreCategories } from "./ignore/types.js";
export { loadIgnoreFile, parseIgnore, mergeIgnoreRules, isYamlIgnore } from "./ignore/load.js";
export { applyIgnores, ruleMatches, type PolicyResult } from "./ignore/apply.js";
export {
  vulnerabilityAccessor,
  misconfigAccessor,
  secretAccessor,
  licenseAccessor,
  type IgnoreAccessor,
  type IgnoreSubject,
  type Suppressible,
} from "./ignore/accessors.js";
export { applyIgnoresToReport } from "./ignore/report.js";
export type { VexDocument, VexProduct, VexStatement, VexStatus } from "./vex/types.js";
export { loadVex, parseVex } from "./vex/load.js";
export { applyVex, type ApplyVexOptions } from "./vex/apply.js";
export { applyVexToReport } from "./vex/report.js";
export { matchesGlob } from "./glob.js";
export { purlMatches } from "./purl-match.js";
export { wildcardMatcher } from "./glob.js";
// The policy language (docs/policy.md): documents, gates, evaluation, Anchore import.
export { loadPolicyFile, parsePolicy, checkPolicy, formatProblem, canonicalJson, MAX_POLICY_BYTES, type LoadedPolicy, type PolicyProblem } from "./document/load.js";
export { POLICY_SCHEMA_VERSION, type PolicyDocument, type PolicyRule, type Allowlist, type AllowlistItem, type Mapping } from "./document/schema.js";
export { gates, gateNames, gateNamed } from "./gate/registry.js";
export type { Gate, Trigger, Hit, PolicySubject, PolicyFacts, FixSince, ImageName, FindingSource } from "./gate/types.js";
export { evaluatePolicy, policyFails, strongest } from "./evaluate/evaluate.js";
export { imageNameOf } from "./subject.js";
export { requiredScanners } from "./needs.js";
