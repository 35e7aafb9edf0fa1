/** SARIF rules: one per vulnerability id, misconfiguration check, secret rule and licence class. */
import type { LicenseClass, LicenseFinding, MisconfigFinding, SecretFinding, Severity, VulnerabilityFinding } from "../../model/finding.js";
import { primaryUrl } from "../common/links.js";
import { severityFallbackScore, vulnerabilityScore } from "../common/severity.js";

type Json = Record<string, unknown>;

export type SarifLevel = "error" | "warning" | "note" | "none";

export function sarifLevel(s: Severity): SarifLevel {
  if (s === "CRITICAL" || s === "HIGH") return "error";
  if (s === "MEDIUM") return "warning";
  return "note";
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

export function vulnerabilityRule(v: VulnerabilityFinding): Json {
  const url = primaryUrl(v);
  const title = oneLine(v.title ?? v.id);
  const description = oneLine(v.description ?? title);
  const refs = v.references.slice(0, 10);
  const markdown = [
    `**Vulnerability ${v.id}**`, "",
    "| Severity | Package | Fixed Version | Link |", "| --- | --- | --- | --- |",
    `| ${v.severity} | ${v.package.name} | ${v.fixedVersions.join(", ") || "none"} | ${url ? `[${v.id}](${url})` : ""} |`, "",
    description, ...(refs.length ? ["", "References:", ...refs.map((r) => `- ${r}`)] : []),
  ].join("\n");
  return {
    id: v.id,
    name: "PackageVulnerability",
    shortDescription: { text: title },
    fullDescription: { text: description },
    defaultConfiguration: { level: sarifLevel(v.severity) },
    ...(url ? { helpUri: url } : {}),
    help: { text: `Vulnerability ${v.id}\nSeverity: ${v.severity}\nPackage: ${v.package.name}\nFixed version: ${v.fixedVersions.join(", ") || "none"}\n${url ? `Link: ${url}\n` : ""}${description}`, markdown },
    properties: {
      tags: ["vulnerability", "security", v.severity],
      precision: "very-high",
      "security-severity": vulnerabilityScore(v).toFixed(1),
      ...(v.cwes.length ? { cwe: v.cwes } : {}),
    },
  };
}

export function misconfigRule(m: MisconfigFinding): Json {
  const url = m.references[0];
  const text = `${m.description}${m.remediation ? `\nRemediation: ${m.remediation}` : ""}`;
  return {
    id: m.id,
    name: "Misconfiguration",
    shortDescription: { text: oneLine(m.title) },
    fullDescription: { text: oneLine(m.description) },
    defaultConfiguration: { level: sarifLevel(m.severity) },
    ...(url ? { helpUri: url } : {}),
    help: { text, markdown: `**Misconfiguration ${m.id}**: ${m.title}\n\n${text}` },
    properties: { tags: ["misconfiguration", "security", m.severity], precision: "very-high", "security-severity": severityFallbackScore(m.severity).toFixed(1) },
  };
}

export function secretRule(s: SecretFinding): Json {
  const text = `${s.title} (${s.category}). Remove the secret from the image and rotate it.`;
  return {
    id: s.ruleId,
    name: "Secret",
    shortDescription: { text: oneLine(s.title) },
    fullDescription: { text: oneLine(text) },
    defaultConfiguration: { level: sarifLevel(s.severity) },
    help: { text, markdown: `**Secret ${s.ruleId}**: ${text}` },
    properties: { tags: ["secret", "security", s.severity], precision: "very-high", "security-severity": severityFallbackScore(s.severity).toFixed(1) },
  };
}

const licenseClassText: Record<LicenseClass, { title: string; text: string }> = {
  "permissive": { title: "Permissive licence", text: "A permissive licence: keep the copyright and licence notices when redistributing." },
  "weak-copyleft": { title: "Weak copyleft licence", text: "A weak copyleft licence: changes to the licensed component itself must be shared under the same licence when it is distributed." },
  "strong-copyleft": { title: "Strong copyleft licence", text: "A strong copyleft licence: distributing a work that includes the component can require releasing the whole work's source under the same licence." },
  "network-copyleft": { title: "Network copyleft licence", text: "A network copyleft licence: offering the software to users over a network counts as distribution, so the source must be made available." },
  "unknown": { title: "Unclassified licence", text: "A licence Dredge could not classify: review its terms." },
};

/** The SARIF rule id of a licence class: one rule per class, the licence itself is in each result. */
export const licenseRuleId = (c: LicenseClass): string => `license-${c}`;

export function licenseRule(l: LicenseFinding): Json {
  const { title, text } = licenseClassText[l.classification];
  return {
    id: licenseRuleId(l.classification),
    name: "License",
    shortDescription: { text: title },
    fullDescription: { text },
    defaultConfiguration: { level: sarifLevel(l.severity) },
    help: { text: `${title}. ${text}`, markdown: `**${title}** (\`${l.classification}\`)\n\n${text}` },
    // no security-severity: licence results are policy findings, not security alerts
    properties: { tags: ["license", l.classification], precision: "very-high" },
  };
}
