/** SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
import { layerNumber } from "../common/layer.js";
import { artifactLabel } from "../common/labels.js";
import { createHash } from "node:crypto";
import type { ScanReport } from "../../model/finding.js";
import type { Reporter } from "../types.js";
import { flattenTarget, type FlatFinding } from "../common/flat.js";
import { jsonText, writeText } from "../common/write.js";
import { licenseRule, licenseRuleId, misconfigRule, sarifLevel, secretRule, vulnerabilityRule } from "./rules.js";
import { sarifMultiLog } from "./many.js";
import { pushAll } from "../../util/array.js";
import { policyResults, policyRules, policyRunProperties } from "./policy.js";

type Json = Record<string, unknown>;

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

export function sarifLog(report: ScanReport): Json {
  const rules = new Map<string, Json>();
  const results: Json[] = [];
  for (const t of report.targets) {
    t.vulnerabilities.forEach((v) => rules.has(v.id) || rules.set(v.id, vulnerabilityRule(v)));
    t.misconfigurations.forEach((m) => rules.has(m.id) || rules.set(m.id, misconfigRule(m)));
    t.secrets.forEach((s) => rules.has(s.ruleId) || rules.set(s.ruleId, secretRule(s)));
    t.licenses.forEach((l) => rules.has(licenseRuleId(l.classification)) || rules.set(licenseRuleId(l.classification), licenseRule(l)));
    for (const f of flattenTarget(t)) results.push(result(f, report));
  }
  if (report.policy) {
    for (const r of policyRules(report.policy)) rules.set(r.id as string, r);
    pushAll(results, policyResults(report, report.policy));
  }
  const index = new Map([...rules.keys()].map((id, i) => [id, i]));
  for (const r of results) r.ruleIndex = index.get(r.ruleId as string) ?? -1;
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: { driver: {
        name: "Dredge", fullName: `Dredge container image scanner ${report.tool.version}`, version: report.tool.version,
        semanticVersion: report.tool.version, rules: [...rules.values()],
      } },
      results,
      columnKind: "utf16CodeUnits",
      originalUriBaseIds: { ROOTPATH: { uri: "file:///" } },
      properties: runProperties(report),
    }],
  };
}

const ruleIdOf = (f: FlatFinding): string => (f.kind === "license" ? licenseRuleId(f.classification ?? "unknown") : f.id);

function result(f: FlatFinding, report: ScanReport): Json {
  const uri = encodeURI((f.path ?? f.target.target).replace(/^\/+/, ""));
  const region: Json = { startLine: f.startLine ?? 1, endLine: f.endLine ?? f.startLine ?? 1 };
  // secrets: the masked match only, never the secret
  if (f.kind === "secret" && f.snippet !== undefined) region.snippet = { text: f.snippet };
  const r: Json = {
    ruleId: ruleIdOf(f),
    ruleIndex: 0,
    level: sarifLevel(f.severity),
    message: { text: messageText(f, report) },
    locations: [{
      physicalLocation: { artifactLocation: { uri, uriBaseId: "ROOTPATH" }, region },
      message: { text: f.target.target },
    }],
    partialFingerprints: { "dredgeFinding/v1": fingerprint(f) },
  };
  if (f.suppressed) {
    r.suppressions = [{ kind: "external", status: "accepted", justification: [f.suppressed.justification, f.suppressed.reason].filter(Boolean).join(": ") || f.suppressed.kind }];
  }
  return r;
}

function messageText(f: FlatFinding, report: ScanReport): string {
  const lines = findingLines(f);
  lines.push(`Target: ${f.target.target}`, `${artifactLabel(report.artifact.type)}: ${report.artifact.name}`);
  if (f.layer) lines.push(`Layer: ${layerNumber(f.layer)} ${f.layer.diffId}`);
  return lines.join("\n");
}

function findingLines(f: FlatFinding): string[] {
  if (f.kind === "vulnerability") {
    return [`Package: ${f.packageName}`, `Installed Version: ${f.installed}`, `Vulnerability ${f.id}`, `Severity: ${f.severity}`,
      `Fixed Version: ${f.fixed || "none"}`, ...(f.url ? [`Link: [${f.id}](${f.url})`] : [])];
  }
  if (f.kind === "license") return [`License ${f.id} (${f.classification ?? "unknown"}): ${f.message}`, `Severity: ${f.severity}`];
  return [`${f.kind === "secret" ? "Secret" : "Misconfiguration"} ${f.id}: ${f.message}`, `Severity: ${f.severity}`];
}

function fingerprint(f: FlatFinding): string {
  return createHash("sha256").update([f.kind, f.id, f.target.target, f.packageName ?? "", f.installed ?? "", f.path ?? "", f.startLine ?? ""].join("\0")).digest("hex");
}

function runProperties(report: ScanReport): Json {
  const a = report.artifact;
  return {
    imageName: a.name,
    repoTags: a.repoTags,
    repoDigests: a.repoDigests,
    ...(a.imageId ? { imageID: a.imageId } : {}),
    ...(a.os ? { os: `${a.os.family} ${a.os.name}` } : {}),
    ...(report.database ? { databaseBuiltAt: report.database.builtAt } : {}),
    ...(report.inventoryIncomplete ? { inventoryIncomplete: true, incompleteReasons: report.incompleteReasons ?? [] } : {}),
    ...(report.coverage ? { coverage: report.coverage } : {}),
    ...(report.policy ? policyRunProperties(report.policy) : {}),
  };
}

export const sarifReporter: Reporter = {
  format: "sarif",
  mediaType: "application/sarif+json",
  fileExtension: ".sarif",
  write: (report, out) => writeText(out, jsonText(sarifLog(report))),
  writeMany: (multi, out) => writeText(out, jsonText(sarifMultiLog(multi, sarifLog))),
};
