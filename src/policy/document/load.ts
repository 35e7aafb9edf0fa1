/**
 * Reads a policy file (YAML, or JSON — a JSON document is YAML too) through the schema. Every problem is
 * reported with its line and column (`dredge-policy.yaml:12:9: params.min: …`); the loaded policy
 * carries its revision: the SHA-256 of its canonical JSON, so the same policy written as YAML or JSON, or
 * re-indented, has the same revision.
 */
import { createHash } from "node:crypto";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { DredgeError } from "../../errors.js";
import { readPolicyFile } from "../read.js";
import { normaliseDocument, policyDocumentSchema, type PolicyDocument } from "./schema.js";
import { safeParse } from "../../util/schema.js";

export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export interface LoadedPolicy {
  document: PolicyDocument;
  /** `sha256:<hex>` of the canonical JSON of the document as written. */
  revision: string;
  /** The file it came from (or a name given by the caller). */
  source: string;
}

export interface PolicyProblem {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** Keys sorted at every level: the canonical JSON hashed for the revision. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

const linePos = (lc: LineCounter, offset: number) => {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
};

type Range = { range?: [number, number, number] | null };

function position(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key?: string): { line: number; column: number } {
  if (key !== undefined) {
    const map = path.length ? doc.getIn(path as unknown[], true) : doc.contents;
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    const r = (pair?.key as Range | undefined)?.range;
    if (r) return linePos(lc, r[0]);
  }
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const r = (node as Range | null | undefined)?.range;
    if (r) return linePos(lc, r[0]);
  }
  return { line: 1, column: 1 };
}

function problemsOf(issues: readonly z.core.$ZodIssue[], doc: Document, lc: LineCounter): PolicyProblem[] {
  return issues.flatMap((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    return keys.map((key) => {
      const pos = position(doc, lc, issue.path, key);
      const path = [...issue.path, ...(key ? [key] : [])].map(String).join(".");
      const message = issue.code === "unrecognized_keys" ? `unknown key "${key}"` : issue.message;
      return { ...pos, path, message };
    });
  });
}

/** The problems of a policy text (empty when valid) and the policy when valid. */
export function checkPolicy(text: string, source: string): { problems: PolicyProblem[]; policy?: LoadedPolicy } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return { problems: doc.errors.map((e) => ({ ...linePos(lc, e.pos[0]), path: "", message: e.message.split("\n")[0] ?? e.message })) };
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 50 });
  const r = safeParse(policyDocumentSchema, raw);
  if (!r.success) return { problems: problemsOf(r.error.issues, doc, lc) };
  const revision = `sha256:${createHash("sha256").update(canonicalJson(raw)).digest("hex")}`;
  return { problems: [], policy: { document: normaliseDocument(r.data), revision, source } };
}

export const formatProblem = (source: string, p: PolicyProblem): string => `${source}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ""}${p.message}`;

/** A policy text, or INVALID_CONFIG listing every problem with its line and column. */
export function parsePolicy(text: string, source: string): LoadedPolicy {
  const { problems, policy } = checkPolicy(text, source);
  if (policy) return policy;
  throw new DredgeError("INVALID_CONFIG", `invalid policy ${source}:\n${problems.map((p) => `  ${formatProblem(source, p)}`).join("\n")}`, {
    hint: "see docs/policy.md for the policy file; dredge policy check FILE lists every problem",
    details: { file: source, problems: problems.length },
  });
}

export function loadPolicyFile(path: string): LoadedPolicy {
  return parsePolicy(readPolicyFile(path, "policy file", MAX_POLICY_BYTES), path);
}
