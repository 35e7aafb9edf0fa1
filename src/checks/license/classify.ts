/** Classify SPDX expressions (OR → least restrictive branch, AND → most restrictive) and rate them. */
import type { FindingPackage, LicenseClass, LicenseFinding, Severity } from "../../model/finding.js";
import { classRank, classifyId } from "./classes.js";
import { normaliseLicense, parseExpression, type SpdxNode } from "./normalize.js";

export type LicenseSeverities = Record<LicenseClass, Severity | "none">;

export const defaultLicenseSeverities: LicenseSeverities = {
  "network-copyleft": "HIGH",
  "strong-copyleft": "MEDIUM",
  "weak-copyleft": "LOW",
  permissive: "none",
  unknown: "LOW",
};

export function classifyNode(node: SpdxNode): LicenseClass {
  if ("license" in node) {
    if (node.license.startsWith("LicenseRef-public-domain")) return "permissive";
    return classifyId(node.plus ? `${node.license}+` : node.license);
  }
  const l = classifyNode(node.left);
  const r = classifyNode(node.right);
  const pick = node.conjunction === "or" ? Math.min : Math.max;
  return classRank[l] === pick(classRank[l], classRank[r]) ? l : r;
}

/** Class of a licence string from metadata (normalised first). */
export function classifyLicense(raw: string): { expression?: string; classification: LicenseClass } {
  const n = normaliseLicense(raw);
  const node = n.expression ? parseExpression(n.expression) : undefined;
  return { ...(n.expression ? { expression: n.expression } : {}), classification: node ? classifyNode(node) : "unknown" };
}

export interface LicenseScanItem {
  licenses: readonly string[];
  package?: FindingPackage;
  path?: string;
}

/** One finding per (package, licence) whose class has a severity (classes rated `none` are not reported). */
export function licenseFindings(items: readonly LicenseScanItem[], severities: Partial<LicenseSeverities> = {}): LicenseFinding[] {
  const sev = { ...defaultLicenseSeverities, ...severities };
  const out: LicenseFinding[] = [];
  for (const item of items) {
    for (const raw of new Set(item.licenses)) {
      const c = classifyLicense(raw);
      const severity = sev[c.classification];
      if (severity === "none") continue;
      out.push({
        license: c.expression ?? raw,
        classification: c.classification,
        severity,
        ...(item.package ? { package: item.package } : {}),
        ...(item.path ? { path: item.path } : {}),
      });
    }
  }
  return out;
}
