/**
 * The documented key order of Dredge's JSON report (docs/reports.md). Objects are rebuilt with their keys in
 * this order; keys not listed here follow, sorted, so the output is stable whatever order the model was filled in.
 */
type Json = unknown;
type Shape = { keys: readonly string[]; children?: Record<string, Shape>; items?: Record<string, Shape> };

const layer: Shape = { keys: ["index", "diffId", "digest", "size", "createdBy", "base"] };
const suppression: Shape = { keys: ["kind", "reason", "justification", "source", "expires"] };
const pkg: Shape = { keys: ["name", "version", "type", "purl", "class", "source", "path", "layer", "dev"], children: { layer } };
const listedPkg: Shape = { keys: [...pkg.keys, "arch", "licenses", "vendor", "dependsOn"], children: { layer } };

const vulnerability: Shape = {
  keys: ["id", "aliases", "title", "description", "package", "installedVersion", "fixedVersions", "status", "severity",
    "severitySource", "vendorSeverity", "cvss", "cwes", "kev", "epss", "references", "published", "modified", "fixAvailableSince",
    "notes", "dataSource", "riskScore", "suppressed"],
  children: { package: pkg, suppressed: suppression, fixAvailableSince: { keys: ["date", "origin"] }, kev: { keys: ["dateAdded", "dueDate", "knownRansomware"] },
    epss: { keys: ["score", "percentile", "date"] }, dataSource: { keys: ["id", "name", "url"] } },
  items: { cvss: { keys: ["source", "version", "vector", "baseScore"] } },
};
const misconfiguration: Shape = {
  keys: ["id", "title", "severity", "description", "message", "remediation", "references", "location", "suppressed"],
  children: { location: { keys: ["path", "startLine", "endLine", "layer"], children: { layer } }, suppressed: suppression },
};
const secret: Shape = {
  keys: ["ruleId", "category", "title", "severity", "path", "startLine", "endLine", "match", "layer", "deletedInLaterLayer", "suppressed"],
  children: { layer, suppressed: suppression },
};
const license: Shape = {
  keys: ["license", "classification", "severity", "package", "path", "suppressed"],
  children: { package: pkg, suppressed: suppression },
};
const target: Shape = {
  keys: ["target", "class", "type", "packages", "vulnerabilities", "misconfigurations", "secrets", "licenses"],
  items: { packages: listedPkg, vulnerabilities: vulnerability, misconfigurations: misconfiguration, secrets: secret, licenses: license },
};

export const reportShape: Shape = {
  keys: ["schemaVersion", "createdAt", "tool", "artifact", "inventoryIncomplete", "incompleteReasons", "database", "coverage", "sortedBy", "targets", "policy", "warnings"],
  children: {
    tool: { keys: ["name", "version"] },
    artifact: {
      keys: ["name", "type", "repoTags", "repoDigests", "manifestDigest", "imageId", "platform", "os", "layers", "base", "unverified"],
      children: {
        platform: { keys: ["os", "architecture", "variant", "os.version"] },
        os: { keys: ["family", "name", "codename", "prettyName", "eol", "eolDate", "distroless"] },
        base: { keys: ["name", "digest", "layers"] },
      },
      items: { layers: layer },
    },
    database: { keys: ["schemaVersion", "builtAt", "digest", "stale"] },
    policy: {
      keys: ["finalAction", "reason", "policy", "mapping", "allowlists", "image", "database", "evaluatedAt", "imageList", "rules", "expiredAllowlistItems", "warnings"],
      children: { policy: { keys: ["id", "name", "revision", "source", "schemaVersion"] }, image: { keys: ["registry", "repository", "tag", "digest"] } },
      items: {
        rules: {
          keys: ["id", "gate", "trigger", "params", "action", "outcome", "effectiveAction", "skipped", "hits", "omittedHits"],
          items: { hits: { keys: ["message", "findingId", "package", "action", "grace", "allowlisted"] } },
        },
      },
    },
  },
  items: {
    targets: target,
    incompleteReasons: { keys: ["kind", "layer", "paths", "files", "limit", "message"], children: { layer: { keys: ["index", "diffId"] } } },
    coverage: { keys: ["kind", "name", "namespaces", "packages", "checked", "reason"] },
  },
};

/** A copy of `value` with keys ordered by `shape` (undefined values dropped). */
export function ordered(value: Json, shape?: Shape): Json {
  if (Array.isArray(value)) return value.map((v) => ordered(v, shape));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, Json>;
  const listed = shape?.keys ?? [];
  const rest = Object.keys(obj).filter((k) => !listed.includes(k)).sort();
  const out: Record<string, Json> = {};
  for (const k of [...listed, ...rest]) {
    const v = obj[k];
    if (v === undefined) continue;
    out[k] = ordered(v, shape?.children?.[k] ?? shape?.items?.[k]);
  }
  return out;
}
