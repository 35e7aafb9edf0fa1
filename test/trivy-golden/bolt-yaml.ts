/**
 * Reading Trivy's fixture database (integration/testdata/fixtures/db/*.yaml): a dump of bolt buckets,
 * `- bucket: NAME / pairs: [ {bucket, pairs} | {key, value} ]`. Test-only helpers.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface BoltPair {
  key?: string;
  value?: unknown;
  bucket?: string;
  pairs?: BoltPair[];
}

export type Dict = Record<string, unknown>;

export const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);

function toPair(raw: unknown, file: string): BoltPair {
  if (!isDict(raw)) throw new Error(`${file}: a bucket entry is not a mapping`);
  const pair: BoltPair = {};
  if (raw.bucket !== undefined) pair.bucket = String(raw.bucket);
  if (raw.key !== undefined) pair.key = String(raw.key);
  if ("value" in raw) pair.value = raw.value;
  if (Array.isArray(raw.pairs)) pair.pairs = raw.pairs.map((p) => toPair(p, file));
  return pair;
}

/** Top-level buckets of one dump file. */
export function readBoltYaml(file: string): BoltPair[] {
  const doc: unknown = parse(readFileSync(file, "utf8"));
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw new Error(`${file}: expected a list of buckets`);
  return doc.map((b) => toPair(b, file));
}

/** `{key, value}` pairs of a bucket, with the value as a mapping (`{}` when empty). */
export function entries(bucket: BoltPair): { key: string; value: Dict }[] {
  return (bucket.pairs ?? [])
    .filter((p) => p.key !== undefined)
    .map((p) => ({ key: p.key!, value: isDict(p.value) ? p.value : {} }));
}

/** Nested buckets of a bucket. */
export const subBuckets = (bucket: BoltPair): BoltPair[] => (bucket.pairs ?? []).filter((p) => p.bucket !== undefined);

export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** Trivy's severity numbers (types.Severity): 0 unknown … 4 critical. */
const SEVERITY = ["unknown", "low", "medium", "high", "critical"];
export function severityName(n: unknown): string | undefined {
  const i = typeof n === "number" ? n : typeof n === "string" && n.trim() !== "" ? Number(n) : NaN;
  const word = Number.isInteger(i) ? SEVERITY[i] : undefined;
  return word === "unknown" ? undefined : word;
}
