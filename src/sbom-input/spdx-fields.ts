/** SPDX package fields that carry tool data: licences, Dredge comments, Trivy attribution texts and sourceInfo. */
import type { PackageType } from "../model/package.js";
import { splitRpmVersion } from "./purl-package.js";
import type { SpdxPackage } from "./schema.js";

const noValue = new Set(["NOASSERTION", "NONE", ""]);

/** Split `A AND (B OR C)` at top-level ANDs; `(B OR C)` loses its outer parentheses. */
export function splitAnd(expr: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  const up = expr;
  for (let i = 0; i < up.length; i++) {
    const ch = up[i];
    if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (depth === 0 && up.startsWith(" AND ", i)) {
      parts.push(up.slice(start, i));
      start = i + 5;
    }
  }
  parts.push(up.slice(start));
  return parts.map((p) => stripParens(p.trim())).filter((p) => p !== "");
}

function stripParens(p: string): string {
  if (!p.startsWith("(") || !p.endsWith(")")) return p;
  let depth = 0;
  for (let i = 0; i < p.length - 1; i++) {
    if (p[i] === "(") depth++;
    else if (p[i] === ")") depth--;
    if (depth === 0) return p; // the first "(" closes before the end: `(A) AND (B)`
  }
  return p.slice(1, -1).trim();
}

/** licenseDeclared, else licenseConcluded; LicenseRef-… replaced by the extracted licence's name. */
export function spdxLicenses(p: SpdxPackage, extracted: ReadonlyMap<string, string>): string[] {
  const declared = p.licenseDeclared?.trim() ?? "";
  const concluded = p.licenseConcluded?.trim() ?? "";
  const expr = !noValue.has(declared) ? declared : !noValue.has(concluded) ? concluded : "";
  if (expr === "") return [];
  return splitAnd(expr).map((l) => extracted.get(l) ?? l);
}

/** `Organization: Red Hat, Inc.` → `Red Hat, Inc.` */
export function spdxSupplier(s: string | undefined): string | undefined {
  if (!s || noValue.has(s.trim())) return undefined;
  return s.replace(/^(Organization|Person|Tool):\s*/, "").trim() || undefined;
}

/** Properties from the SPDX package: Dredge's `dredge:k=v` comment lines, Trivy's `Key: value` attribution texts. */
export function spdxProperties(p: SpdxPackage): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const line of (p.comment ?? "").split("\n")) {
    const m = /^(dredge:[\w:.-]+)=(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) out.push({ name: m[1], value: m[2] });
  }
  for (const t of p.attributionTexts ?? []) {
    if (typeof t !== "string") continue;
    const m = /^([A-Za-z][\w]*): (.*)$/.exec(t.trim());
    if (m?.[1] && m[2] !== undefined) out.push({ name: `aquasecurity:trivy:${m[1]}`, value: m[2] });
  }
  return out;
}

/** Trivy `built package from: NAME VERSION`, Dredge `built from source package NAME VERSION` → Trivy-style Src* properties. */
export function sourceInfoProperties(sourceInfo: string | undefined, type: PackageType | undefined): { name: string; value: string }[] {
  const m = /^built (?:package from:|from source package) (\S+) (\S+)$/.exec(sourceInfo?.trim() ?? "");
  if (!m?.[1] || !m[2]) return [];
  const T = "aquasecurity:trivy:";
  const out = [{ name: `${T}SrcName`, value: m[1] }];
  if (type !== "rpm") return [...out, { name: `${T}SrcVersion`, value: m[2] }];
  const v = splitRpmVersion(m[2]);
  out.push({ name: `${T}SrcVersion`, value: v.version });
  if (v.release) out.push({ name: `${T}SrcRelease`, value: v.release });
  if (v.epoch !== undefined) out.push({ name: `${T}SrcEpoch`, value: String(v.epoch) });
  return out;
}
