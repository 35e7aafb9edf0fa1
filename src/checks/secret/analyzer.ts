/**
 * The secret analyzer: runs per layer (so files that a later layer deletes are still scanned) over every
 * regular file under the size limit that is not an obvious binary by name.
 */
import type { SecretFinding } from "../../model/finding.js";
import type { LayerOrigin } from "../../model/package.js";
import type { AnalysisInput, AnalysisResult, Analyzer } from "../../analyzer/types.js";
import type { FileInfo } from "../../layer/types.js";
import { compileRuleSet, scanText } from "./engine.js";
import { isBinaryPath } from "./text.js";
import type { SecretRuleSet } from "./types.js";
import { pushAll } from "../../util/array.js";

export type SecretAnalysisResult = AnalysisResult & { secrets?: SecretFinding[] };

export const SECRET_ANALYZER_ID = "secret";
/** Bump when the built-in rules change (it is part of the layer cache key). */
export const SECRET_ANALYZER_VERSION = 1;

/**
 * The analyzer's `version` (part of the layer cache key) is a fingerprint of SECRET_ANALYZER_VERSION and the
 * whole rule set, so custom rules, allow rules or a new size limit never reuse stale cached results.
 */
export function secretAnalyzer(set: SecretRuleSet): Analyzer & { analyze(files: readonly AnalysisInput[]): Promise<SecretAnalysisResult> } {
  const compiled = compileRuleSet(set);
  return {
    id: SECRET_ANALYZER_ID,
    version: ruleSetFingerprint(set),
    inventory: false,
    wants: (path: string, info: FileInfo) =>
      info.type === "file" && info.size > 0 && info.size <= set.maxFileSize && !isBinaryPath(path) && !set.allow.some((a) => a.path?.test(path)),
    analyze: (files: readonly AnalysisInput[]) => {
      const secrets: SecretFinding[] = [];
      for (const f of files) pushAll(secrets, scanText(f.path, f.content, compiled));
      return Promise.resolve(secrets.length > 0 ? { secrets } : {});
    },
  };
}

/**
 * Gives per-layer findings their layer, and marks those whose file is gone from the final filesystem
 * (deleted by a later layer or hidden by an opaque directory, yet still in the image).
 */
export function placeSecrets(
  perLayer: readonly { layer: LayerOrigin; secrets: readonly SecretFinding[] }[],
  existsInFinal: (path: string, layerIndex: number) => boolean,
): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const { layer, secrets } of perLayer) {
    for (const s of secrets) {
      const deleted = !existsInFinal(s.path, layer.index);
      out.push({ ...s, layer, ...(deleted ? { deletedInLaterLayer: true } : {}) });
    }
  }
  return out;
}

/** A 31-bit FNV-1a hash over everything that changes the analyzer's output. */
export function ruleSetFingerprint(set: SecretRuleSet): number {
  const parts: string[] = [String(SECRET_ANALYZER_VERSION), String(set.maxFileSize)];
  for (const r of set.rules) {
    parts.push(r.id, r.severity, r.category, r.title, String(r.regex), r.keywords.join(","), String(r.entropy), String(r.paths), String(r.allowPaths), String(r.allowSecrets));
  }
  for (const a of set.allow) parts.push(a.id, String(a.path), String(a.regex));
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}
