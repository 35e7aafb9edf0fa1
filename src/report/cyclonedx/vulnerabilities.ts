/** CycloneDX 1.6 `vulnerabilities[]` from vulnerability findings. */
import type { CvssScore, FindingPackage, Suppression, VulnerabilityFinding } from "../../model/finding.js";
import { idUrl } from "../common/links.js";
import { scoreSeverity } from "../common/severity.js";
import { pushTo } from "../../util/array.js";

type Json = Record<string, unknown>;

const methods: Record<CvssScore["version"], string> = { "2.0": "CVSSv2", "3.0": "CVSSv3", "3.1": "CVSSv31", "4.0": "CVSSv4" };

/** OpenVEX justifications → CycloneDX impact-analysis justifications. */
const justifications: Record<string, string> = {
  component_not_present: "code_not_present",
  vulnerable_code_not_present: "code_not_present",
  vulnerable_code_not_in_execute_path: "code_not_reachable",
  vulnerable_code_cannot_be_controlled_by_adversary: "protected_by_mitigating_control",
  inline_mitigations_already_exist: "protected_by_mitigating_control",
};
const cdxJustifications = new Set(Object.values(justifications).concat(["requires_configuration", "requires_dependency",
  "requires_environment", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter"]));

/** One entry per vulnerability id (and suppression), `affects` listing every affected component by its bom-ref. */
export function cdxVulnerabilities(findings: VulnerabilityFinding[], refOf: (p: FindingPackage) => string = (p) => p.purl): Json[] {
  const groups = new Map<string, VulnerabilityFinding[]>();
  for (const v of findings) {
    const key = `${v.id}\0${v.suppressed ? JSON.stringify(v.suppressed) : ""}`;
    pushTo(groups, key, v);
  }
  const used = new Map<string, number>();
  return [...groups.values()].map((vs) => {
    const n = used.get(vs[0]!.id) ?? 0;
    used.set(vs[0]!.id, n + 1);
    return entry(vs, n === 0 ? vs[0]!.id : `${vs[0]!.id}#${n}`, refOf);
  });
}

function entry(vs: VulnerabilityFinding[], ref: string, refOf: (p: FindingPackage) => string): Json {
  const v = vs[0]!;
  const fixes = vs.filter((x) => x.fixedVersions.length).map((x) => `Upgrade ${x.package.name} to ${x.fixedVersions.join(" or ")}`);
  const e: Json = {
    "bom-ref": ref,
    id: v.id,
    source: source(v),
    ...(v.aliases.length ? { references: v.aliases.map((a) => ({ id: a, source: { name: idSource(a), ...(idUrl(a) ? { url: idUrl(a) } : {}) } })) } : {}),
    ratings: ratings(v),
    ...(v.cwes.length ? { cwes: v.cwes.map((c) => Number(c.replace(/^CWE-/i, ""))).filter((n) => Number.isInteger(n) && n > 0) } : {}),
    ...(v.description ? { description: v.description } : v.title ? { description: v.title } : {}),
    ...(fixes.length ? { recommendation: fixes.join("; ") } : {}),
    ...(v.references.length ? { advisories: v.references.map((url) => ({ url })) } : {}),
    ...(validDate(v.published) ? { published: v.published } : {}),
    ...(validDate(v.modified) ? { updated: v.modified } : {}),
    affects: [...new Map(vs.map((x) => [refOf(x.package), x]))].map(([affected, x]) => ({
      ref: affected, versions: [{ version: x.installedVersion, status: "affected" }],
    })),
    ...(v.suppressed ? { analysis: analysis(v.suppressed) } : {}),
  };
  const props = properties(v);
  if (props.length) e.properties = props;
  return e;
}

function source(v: VulnerabilityFinding): Json {
  const name = v.dataSource?.name ?? v.dataSource?.id ?? idSource(v.id);
  const url = v.dataSource?.url ?? idUrl(v.id);
  return { name, ...(url ? { url } : {}) };
}

function idSource(id: string): string {
  const prefix = id.split("-")[0]!.toUpperCase();
  return ({ CVE: "NVD", GHSA: "GitHub Advisory Database", DSA: "Debian", DLA: "Debian", USN: "Ubuntu", RHSA: "Red Hat", ALAS: "Amazon" } as Record<string, string>)[prefix] ?? prefix;
}

function ratings(v: VulnerabilityFinding): Json[] {
  const out: Json[] = v.cvss.map((c) => ({
    source: { name: c.source }, score: c.baseScore, severity: scoreSeverity(c.baseScore), method: methods[c.version], vector: c.vector,
  }));
  const vendor = { ...(v.vendorSeverity ?? {}) };
  if (v.severitySource && !(v.severitySource in vendor)) vendor[v.severitySource] = v.severity;
  for (const [name, word] of Object.entries(vendor)) out.push({ source: { name }, severity: cdxSeverity(word), method: "other" });
  if (!out.length) out.push({ severity: cdxSeverity(v.severity), method: "other" });
  return out;
}

/** Vendor wording (Debian, Ubuntu, Red Hat…) → CycloneDX severity. */
export function cdxSeverity(word: string): string {
  const w = word.toLowerCase();
  if (w === "critical") return "critical";
  if (w === "high" || w === "important") return "high";
  if (w === "medium" || w === "moderate") return "medium";
  if (w === "low") return "low";
  if (w === "negligible" || w === "unimportant") return "info";
  return "unknown";
}

function analysis(s: Suppression): Json {
  const j = s.justification ? (justifications[s.justification] ?? (cdxJustifications.has(s.justification) ? s.justification : undefined)) : undefined;
  const detail = [s.reason, s.justification && !j ? `justification: ${s.justification}` : undefined, s.source ? `source: ${s.source}` : undefined,
    `suppressed by ${s.kind}`].filter(Boolean).join("; ");
  return { state: "not_affected", ...(j ? { justification: j } : {}), detail };
}

function properties(v: VulnerabilityFinding): Json[] {
  const props: [string, string | number | undefined][] = [
    ["vulnerability:status", v.status], ["vulnerability:severitySource", v.severitySource],
    ["kev:dateAdded", v.kev?.dateAdded], ["epss:score", v.epss?.score], ["epss:percentile", v.epss?.percentile],
    ["riskScore", v.riskScore], ...(v.notes ?? []).map((n): [string, string] => ["vulnerability:note", n]),
  ];
  return props.filter((kv): kv is [string, string | number] => kv[1] !== undefined).map(([name, value]) => ({ name: `dredge:${name}`, value: String(value) }));
}

const validDate = (s: string | undefined): s is string => !!s && !Number.isNaN(Date.parse(s)) && /T/.test(s);
