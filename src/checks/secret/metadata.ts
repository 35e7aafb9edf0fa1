/** Secrets in the image config: ENV values, labels and history `created_by` commands. */
import type { SecretFinding } from "../../model/finding.js";
import type { ImageConfig } from "../../model/image.js";
import { prepared, scanString, type CompiledRuleSet } from "./engine.js";
import type { SecretRuleSet } from "./types.js";
import { pushAll } from "../../util/array.js";

/** Paths of the findings: `image config: env`, `image config: labels`, `image config: history[3]`. */
export function scanImageMetadataSecrets(config: ImageConfig, set: SecretRuleSet | CompiledRuleSet): SecretFinding[] {
  const compiled = prepared(set);
  const out: SecretFinding[] = [];
  // One line per variable, so startLine is the variable's position in ENV.
  if (config.env.length > 0) pushAll(out, scanString("image config: env", config.env.map(quoteAssignment).join("\n"), compiled));
  const labels = Object.entries(config.labels).map(([k, v]) => quoteAssignment(`${k}=${v}`));
  if (labels.length > 0) pushAll(out, scanString("image config: labels", labels.join("\n"), compiled));
  config.history.forEach((h, i) => {
    if (h.createdBy) pushAll(out, scanString(`image config: history[${i}]`, h.createdBy, compiled));
  });
  return out;
}

/** `NAME=value` → `NAME="value"`, so the generic rule (which wants a quoted value) sees it. */
function quoteAssignment(kv: string): string {
  const eq = kv.indexOf("=");
  if (eq < 0) return kv;
  const value = kv.slice(eq + 1);
  return /^["']/.test(value) ? kv : `${kv.slice(0, eq)}="${value.replace(/"/g, '\\"')}"`;
}
