/** Shared shape of the pure language-package parsers: bytes + path in, packages + warnings out. */
import type { Package } from "../../model/package.js";

export interface ParseResult {
  packages: Package[];
  /** Human readable, each naming the file. */
  warnings: string[];
}

export type LangParser = (content: Buffer, path: string) => ParseResult | Promise<ParseResult>;

export function emptyResult(warnings: string[] = []): ParseResult {
  return { packages: [], warnings };
}

/** A plain JSON object (not an array, not null), or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** JSON.parse that reports a warning naming the file instead of throwing. */
export function parseJson(content: Buffer, path: string, warnings: string[]): unknown {
  try {
    return JSON.parse(content.toString("utf8").replace(/^\uFEFF/, "")) as unknown;
  } catch (err) {
    warnings.push(`${path}: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}

/** Drop exact duplicates (same purl) keeping the first; merges `direct`/`dev` conservatively. */
export function dedupe(pkgs: Package[]): Package[] {
  const seen = new Map<string, Package>();
  for (const p of pkgs) {
    const prev = seen.get(p.purl);
    if (!prev) {
      seen.set(p.purl, p);
      continue;
    }
    if (p.direct) prev.direct = true;
    if (prev.dev === true && p.dev === false) prev.dev = false;
  }
  return [...seen.values()];
}
