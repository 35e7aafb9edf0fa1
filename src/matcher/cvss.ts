/** CVSS base scores from vectors (v2, v3.0, v3.1) for sources that give only the vector. v4.0 is not computed. */
import type { Severity } from "../model/finding.js";

function metrics(vector: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of vector.split("/")) {
    const [k, v] = part.split(":");
    if (k && v) m.set(k, v);
  }
  return m;
}

const V3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

function pick<T extends Record<string, number>>(table: T, key: string | undefined): number | undefined {
  return key !== undefined && key in table ? table[key as keyof T] : undefined;
}

function roundUp31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

export function cvss3Score(vector: string): number | undefined {
  const m = metrics(vector);
  const scope = m.get("S");
  const av = pick(V3.AV, m.get("AV"));
  const ac = pick(V3.AC, m.get("AC"));
  const ui = pick(V3.UI, m.get("UI"));
  const pr = m.get("PR") === "N" ? 0.85 : m.get("PR") === "L" ? (scope === "C" ? 0.68 : 0.62) : m.get("PR") === "H" ? (scope === "C" ? 0.5 : 0.27) : undefined;
  const [c, i, a] = ["C", "I", "A"].map((k) => pick(V3.CIA, m.get(k)));
  if ([av, ac, ui, pr, c, i, a].some((x) => x === undefined) || (scope !== "U" && scope !== "C")) return undefined;
  const iss = 1 - (1 - c!) * (1 - i!) * (1 - a!);
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * av! * ac! * pr! * ui!;
  if (impact <= 0) return 0;
  return roundUp31(Math.min(scope === "U" ? impact + exploitability : 1.08 * (impact + exploitability), 10));
}

const V2 = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0, P: 0.275, C: 0.66 },
} as const;

export function cvss2Score(vector: string): number | undefined {
  const m = metrics(vector.replace(/^\(|\)$/g, ""));
  const av = pick(V2.AV, m.get("AV"));
  const ac = pick(V2.AC, m.get("AC"));
  const au = pick(V2.Au, m.get("Au"));
  const [c, i, a] = ["C", "I", "A"].map((k) => pick(V2.CIA, m.get(k)));
  if ([av, ac, au, c, i, a].some((x) => x === undefined)) return undefined;
  const impact = 10.41 * (1 - (1 - c!) * (1 - i!) * (1 - a!));
  const exploitability = 20 * av! * ac! * au!;
  const f = impact === 0 ? 0 : 1.176;
  return Math.round((0.6 * impact + 0.4 * exploitability - 1.5) * f * 10) / 10;
}

export function cvssVersion(vector: string): "2.0" | "3.0" | "3.1" | "4.0" | undefined {
  if (vector.startsWith("CVSS:3.1/")) return "3.1";
  if (vector.startsWith("CVSS:3.0/")) return "3.0";
  if (vector.startsWith("CVSS:4.0/")) return "4.0";
  if (/^\(?AV:[LAN]\/AC:/.test(vector)) return "2.0";
  return undefined;
}

export function scoreOf(vector: string): number | undefined {
  const v = cvssVersion(vector);
  if (v === "3.0" || v === "3.1") return cvss3Score(vector);
  if (v === "2.0") return cvss2Score(vector);
  return undefined;
}

export function severityFromScore(score: number, version: string): Severity {
  if (version === "2.0") return score >= 7 ? "HIGH" : score >= 4 ? "MEDIUM" : "LOW";
  if (score >= 9) return "CRITICAL";
  if (score >= 7) return "HIGH";
  if (score >= 4) return "MEDIUM";
  if (score > 0) return "LOW";
  return "NEGLIGIBLE";
}
