/**
 * Composer (PHP) versions: normalised as Composer's VersionParser (`v1.2` → `1.2.0.0`, `-b2` → `-beta2`,
 * `-pl1` → `-patch1`, `1.x-dev` → `1.9999999.9999999.9999999-dev`), ordered by PHP's version_compare.
 * Branch names (`dev-main`) are not orderable and are rejected.
 */
import { defineScheme } from "../define.js";
import type { Sign } from "../types.js";
import { comparePieces, pieces } from "./php-compare.js";

export interface ComposerVersion {
  normalized: string;
  pieces: string[];
}

const version = (normalized: string): ComposerVersion => ({ normalized, pieces: pieces(normalized) });

const MODIFIER = "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)([.-]?\\d+(?:[.-]\\d+)*)?)?([.-]?dev)?";
const CLASSIC = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, "i");
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}$`, "i");
const BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/;
const STABILITY: Record<string, string> = { a: "alpha", b: "beta", p: "patch", pl: "patch", rc: "RC" };

function withModifier(base: string, m: RegExpExecArray, index: number): string {
  let v = base;
  const stab = m[index];
  if (stab) {
    const s = stab.toLowerCase();
    if (s === "stable") return v;
    v += `-${STABILITY[s] ?? s}${(m[index + 1] ?? "").replace(/^[.-]+/, "")}`;
  }
  if (m[index + 2]) v += "-dev";
  return v;
}

function normalizeBranch(name: string): string | undefined {
  const m = BRANCH.exec(name);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3], m[4]].map((p, i) => {
    if (p === undefined) return "9999999";
    const s = i === 0 ? p : p.slice(1);
    return /^[xX*]$/.test(s) ? "9999999" : s;
  });
  return `${parts.join(".")}-dev`;
}

export function parseComposer(input: string): ComposerVersion | string {
  let v = input.trim();
  if (v === "") return "version string is empty";
  if (/^dev-|^(master|trunk|default)$/i.test(v)) return "a branch name, not an orderable version";
  v = v.replace(/@(stable|RC|beta|alpha|dev)$/i, "");
  const build = /^([^,\s+]+)\+\S+$/.exec(v);
  if (build) v = build[1]!;
  const c = CLASSIC.exec(v);
  if (c) return version(withModifier(`${c[1]}${c[2] || ".0"}${c[3] || ".0"}${c[4] || ".0"}`, c, 5));
  const d = DATE.exec(v);
  if (d) return version(withModifier(d[1]!.replace(/\D/g, "."), d, 2));
  const dev = /^(.*?)[.-]?dev$/i.exec(v);
  const branch = dev ? normalizeBranch(dev[1]!) : undefined;
  return branch === undefined ? "not a Composer version" : version(branch);
}

export function compareComposerParsed(a: ComposerVersion, b: ComposerVersion): Sign {
  return a.normalized === b.normalized ? 0 : comparePieces(a.pieces, b.pieces);
}

export const composer = defineScheme<ComposerVersion>(
  "composer",
  "Composer (Packagist): normalised as VersionParser, ordered by PHP version_compare",
  parseComposer,
  compareComposerParsed,
);
