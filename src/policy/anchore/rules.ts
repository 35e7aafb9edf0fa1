/**
 * Anchore policy rules → Dredge rules, one converter per gate/trigger that Dredge can express. A rule whose
 * trigger has no counterpart, or that uses a parameter the converter does not understand, is not converted
 * and the importer says why (docs/policy.md, "Importing Anchore bundles").
 */
import { severities, type Severity } from "../../model/finding.js";
import type { PolicyAction } from "../gate/types.js";

export interface AnchoreRule {
  id?: string;
  gate: string;
  trigger: string;
  action: string;
  params: Record<string, string>;
}

export interface ConvertedRule {
  gate: string;
  trigger: string;
  params: Record<string, unknown>;
}

/** A converted rule, or why not. */
export type Conversion = { rules: ConvertedRule[] } | { reason: string };

/** Params each converter reads; any other param with a value makes the rule unconvertible. */
type Converter = { reads: readonly string[]; convert(p: Record<string, string>): Conversion };

const list = (v: string | undefined): string[] => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const rule = (gate: string, trigger: string, params: Record<string, unknown> = {}): Conversion => ({ rules: [{ gate, trigger, params }] });

const osTypes = ["deb", "rpm", "apk"];
const nonOsTypes = ["npm", "pypi", "gem", "maven", "golang", "cargo", "composer", "nuget", "hex", "pub", "conan", "swift", "cocoapods", "binary"];

function packageTypes(t: string | undefined): { packageTypes?: string[] } | string {
  if (!t || t === "all") return {};
  if (t === "os") return { packageTypes: osTypes };
  if (t === "non-os") return { packageTypes: nonOsTypes };
  return `package_type "${t}" is not all, os or non-os`;
}

/** Severities from most to least severe, as Anchore names them (lower case). */
const sev = (s: string | undefined): Severity | undefined => {
  const u = s?.toUpperCase();
  return (severities as readonly string[]).includes(u ?? "") ? (u as Severity) : undefined;
};
const step = (s: Severity, by: number): Severity | undefined => severities[severities.indexOf(s) - by];

/** Anchore's `severity_comparison` + `severity` → Dredge's min/max band. */
function band(cmp: string | undefined, s: Severity): { min: Severity; max?: Severity } | string {
  const lowest: Severity = "NEGLIGIBLE";
  switch (cmp ?? ">=") {
    case "=": return { min: s, max: s };
    case ">=": return { min: s };
    case ">": return step(s, 1) ? { min: step(s, 1)! } : `nothing is more severe than ${s}`;
    case "<=": return { min: lowest, max: s };
    case "<": return step(s, -1) ? { min: lowest, max: step(s, -1)! } : `nothing is less severe than ${s}`;
    default: return `severity_comparison "${cmp}" has no Dredge equivalent`;
  }
}

function vulnerabilityPackage(p: Record<string, string>): Conversion {
  const types = packageTypes(p.package_type);
  if (typeof types === "string") return { reason: types };
  const s = p.severity ? sev(p.severity) : "NEGLIGIBLE";
  if (!s) return { reason: `severity "${p.severity}" is not a severity Dredge knows` };
  const b = p.severity ? band(p.severity_comparison, s) : { min: s };
  if (typeof b === "string") return { reason: b };
  const fix = p.fix_available === undefined ? {} : { fixAvailable: p.fix_available === "true" };
  if (p.max_days_since_fix !== undefined) {
    if (b.max || p.fix_available === "false") return { reason: "max_days_since_fix with an upper severity bound or fix_available false has no Dredge equivalent" };
    return rule("vulnerabilities", "fix-age", { days: Number(p.max_days_since_fix), minSeverity: b.min, ...types });
  }
  if (p.max_days_since_creation !== undefined) {
    if (b.max || p.fix_available !== undefined) return { reason: "max_days_since_creation with an upper severity bound or fix_available has no Dredge equivalent" };
    return rule("vulnerabilities", "published-age", { days: Number(p.max_days_since_creation), minSeverity: b.min, ...types });
  }
  return rule("vulnerabilities", "severity", { ...b, ...fix, ...types });
}

const converters: Readonly<Record<string, Converter>> = {
  "vulnerabilities/package": {
    reads: ["package_type", "severity_comparison", "severity", "fix_available", "max_days_since_fix", "max_days_since_creation", "vendor_only"],
    convert: vulnerabilityPackage,
  },
  "vulnerabilities/vulnerability_data_unavailable": { reads: [], convert: () => rule("vulnerabilities", "data-unavailable") },
  "vulnerabilities/stale_feed_data": { reads: ["max_days_since_sync"], convert: (p) => rule("vulnerabilities", "stale-database", { days: Number(p.max_days_since_sync ?? 2) }) },
  "vulnerabilities/blacklist": {
    reads: ["vulnerability_ids", "vendor_only"],
    convert: (p) => (list(p.vulnerability_ids).length ? rule("vulnerabilities", "id", { ids: list(p.vulnerability_ids) }) : { reason: "no vulnerability_ids" }),
  },
  "dockerfile/exposed_ports": {
    reads: ["ports", "type", "actual_dockerfile_only"],
    convert: (p) => rule("image-config", "exposed-ports", p.type === "whitelist" ? { allow: list(p.ports) } : { deny: list(p.ports) }),
  },
  "dockerfile/instruction": {
    reads: ["instruction", "check", "value", "actual_dockerfile_only"],
    convert: (p) => {
      if (p.instruction === "HEALTHCHECK" && p.check === "not_exists") return rule("image-config", "no-healthcheck");
      if (p.instruction === "USER" && p.check === "not_exists") return rule("image-config", "root-user");
      return { reason: `instruction ${p.instruction} ${p.check}${p.value ? ` ${p.value}` : ""}: Dredge checks the image config, not Dockerfile instructions` };
    },
  },
  "dockerfile/effective_user": {
    reads: ["users", "type"],
    convert: (p) => (p.type === "blacklist" && list(p.users).every((u) => u === "root" || u === "0")
      ? rule("image-config", "root-user") : { reason: "only a blacklist of root converts (image-config/root-user)" }),
  },
  "licenses/blacklist_exact_match": { reads: ["licenses"], convert: (p) => rule("licenses", "deny", { ids: list(p.licenses) }) },
  "licenses/blacklist_partial_match": { reads: ["licenses"], convert: (p) => rule("licenses", "deny", { ids: list(p.licenses).map((l) => `*${l}*`) }) },
  "packages/blacklist": { reads: ["name", "version"], convert: (p) => denyPackage(p, undefined) },
  "npms/blacklisted_name_version": { reads: ["name", "version"], convert: (p) => denyPackage(p, "npm") },
  "ruby_gems/blacklist": { reads: ["name", "version"], convert: (p) => denyPackage(p, "gem") },
  "packages/required_package": {
    reads: ["name", "version", "version_match_type"],
    convert: (p) => {
      if (!p.name) return { reason: "no name" };
      const versions = p.version ? (p.version_match_type === "minimum" ? `>= ${p.version}` : `= ${p.version}`) : undefined;
      return rule("packages", "require", { name: p.name, ...(versions ? { versions } : {}) });
    },
  },
};

function denyPackage(p: Record<string, string>, type: string | undefined): Conversion {
  if (!p.name) return { reason: "no name" };
  return rule("packages", "deny", { name: p.name, ...(p.version ? { versions: `= ${p.version}` } : {}), ...(type ? { types: [type] } : {}) });
}

export function convertRule(r: AnchoreRule): Conversion {
  const key = `${r.gate}/${r.trigger}`;
  const c = converters[key];
  if (!c) return { reason: `Dredge has no counterpart of ${key}` };
  const unknown = Object.keys(r.params).filter((k) => !c.reads.includes(k) && r.params[k] !== "");
  if (unknown.length) return { reason: `parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} of ${key} not supported` };
  if (r.params.vendor_only === "true") return { reason: "vendor_only true has no Dredge equivalent" };
  return c.convert(r.params);
}

export const anchoreAction = (a: string): PolicyAction | undefined => {
  const u = a.toUpperCase();
  return u === "STOP" || u === "WARN" || u === "GO" ? u : undefined;
};
