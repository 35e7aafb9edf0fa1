/**
 * The secret engine: a combined keyword pre-filter over the whole text, then only the rules whose keywords
 * occur run their regex. Findings carry line numbers and a masked match, never the secret.
 */
import type { SecretFinding } from "../../model/finding.js";
import { LineIndex, isBinary, maskSecret, shannonEntropy } from "./text.js";
import type { SecretAllowRule, SecretRule, SecretRuleSet } from "./types.js";
import { DEFAULT_MAX_SECRET_FILE_SIZE } from "./types.js";

interface CompiledRule {
  rule: SecretRule;
  regex: RegExp;
}

/** A rule set prepared for scanning (build it once, scan many files). */
export interface CompiledRuleSet {
  rules: CompiledRule[];
  allow: readonly SecretAllowRule[];
  maxFileSize: number;
  /** keyword (lower case) → indexes of the rules it enables. */
  byKeyword: Map<string, number[]>;
  /** Rules with no keywords: always run. */
  always: number[];
  keywordRegex: RegExp | undefined;
}

/** A file with more findings than this is reported with the first ones only (bounded work and output). */
export const MAX_FINDINGS_PER_FILE = 100;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function compileRuleSet(set: Partial<SecretRuleSet> & { rules: readonly SecretRule[] }): CompiledRuleSet {
  const rules = set.rules.map((rule) => ({ rule, regex: new RegExp(rule.regex.source, flagsOf(rule.regex)) }));
  const byKeyword = new Map<string, number[]>();
  const always: number[] = [];
  rules.forEach(({ rule }, i) => {
    if (rule.keywords.length === 0) always.push(i);
    for (const k of rule.keywords) {
      const key = k.toLowerCase();
      byKeyword.set(key, [...(byKeyword.get(key) ?? []), i]);
    }
  });
  // A matched keyword also enables the rules of every keyword it contains ("password" holds "passw").
  const keys = [...byKeyword.keys()].sort((a, b) => b.length - a.length);
  for (const k of keys) {
    const inner = keys.filter((o) => o !== k && k.includes(o)).flatMap((o) => byKeyword.get(o) ?? []);
    if (inner.length > 0) byKeyword.set(k, [...new Set([...(byKeyword.get(k) ?? []), ...inner])]);
  }
  const keywordRegex = keys.length > 0 ? new RegExp(keys.map(escapeRe).join("|"), "gi") : undefined;
  return { rules, allow: set.allow ?? [], maxFileSize: set.maxFileSize ?? DEFAULT_MAX_SECRET_FILE_SIZE, byKeyword, always, keywordRegex };
}

function flagsOf(re: RegExp): string {
  return "g" + [...re.flags].filter((f) => "imsu".includes(f)).join("");
}

/** Rules enabled by the keywords present in `text`. */
function candidateRules(text: string, set: CompiledRuleSet): number[] {
  const hit = new Set<number>(set.always);
  if (set.keywordRegex) {
    const re = set.keywordRegex;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      for (const i of set.byKeyword.get(m[0].toLowerCase()) ?? []) hit.add(i);
      if (hit.size === set.rules.length) break;
    }
  }
  return [...hit].sort((a, b) => a - b);
}

const compiledCache = new WeakMap<SecretRuleSet, CompiledRuleSet>();

/** A rule set compiled once (cached per rule-set object). */
export function prepared(set: SecretRuleSet | CompiledRuleSet): CompiledRuleSet {
  if ("byKeyword" in set) return set;
  let c = compiledCache.get(set);
  if (!c) compiledCache.set(set, (c = compileRuleSet(set)));
  return c;
}

/** Scans one file. Binary (NUL in the first 8 KiB) and oversized files give no findings. */
export function scanText(path: string, content: Buffer, rules: SecretRuleSet | CompiledRuleSet): SecretFinding[] {
  const set = prepared(rules);
  if (content.length > set.maxFileSize || isBinary(content)) return [];
  if (set.allow.some((a) => a.path?.test(path))) return [];
  return scanString(path, content.toString("utf8"), set);
}

/** Scans text that is already decoded (image config values, history commands). */
export function scanString(path: string, text: string, rules: SecretRuleSet | CompiledRuleSet): SecretFinding[] {
  const set = prepared(rules);
  const candidates = candidateRules(text, set);
  if (candidates.length === 0) return [];
  const lines = new LineIndex(text);
  const out: SecretFinding[] = [];
  for (const i of candidates) {
    const { rule, regex } = set.rules[i]!;
    if (rule.paths && !rule.paths.some((p) => p.test(path))) continue;
    if (rule.allowPaths?.some((p) => p.test(path))) continue;
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null && out.length < MAX_FINDINGS_PER_FILE; m = regex.exec(text)) {
      if (m[0].length === 0) regex.lastIndex++;
      const f = toFinding(path, m, rule, set, lines);
      if (f) out.push(f);
    }
  }
  return out.sort((a, b) => (a.startLine ?? 0) - (b.startLine ?? 0));
}

function toFinding(path: string, m: RegExpExecArray, rule: SecretRule, set: CompiledRuleSet, lines: LineIndex): SecretFinding | undefined {
  const secret = m.groups?.["secret"];
  if (secret === undefined || secret.length === 0) return undefined;
  if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) return undefined;
  if (rule.allowSecrets?.some((re) => re.test(secret))) return undefined;
  const start = m.index + m[0].indexOf(secret);
  const line = lines.lineAt(start);
  if (set.allow.some((a) => a.regex && (a.regex.test(secret) || a.regex.test(line.text)))) return undefined;
  const startLine = lines.lineOf(start);
  const endLine = lines.lineOf(start + secret.length);
  return {
    ruleId: rule.id,
    category: rule.category,
    title: rule.title,
    severity: rule.severity,
    path,
    startLine,
    endLine,
    match: maskedLine(line, start, secret),
  };
}

const maxContext = 60;

/** The line that holds the secret, the secret masked, long lines cut around it. */
function maskedLine(line: { start: number; text: string }, start: number, secret: string): string {
  const col = start - line.start;
  const firstLine = secret.split("\n")[0] ?? "";
  const before = line.text.slice(Math.max(0, col - maxContext), col);
  const after = line.text.slice(col + firstLine.length, col + firstLine.length + maxContext);
  const head = col > maxContext ? "…" : "";
  const tail = col + firstLine.length + maxContext < line.text.length ? "…" : "";
  return `${head}${before}${maskSecret(secret)}${after}${tail}`.trim();
}
