/**
 * cargo-auditable: Rust binaries built with it carry a `.dep-v0` ELF section holding zlib-compressed JSON
 * `{ packages: [{ name, version, source, kind?, dependencies?, root? }] }`. Inflation is capped.
 */
import { inflateSync } from "node:zlib";
import type { Package } from "../../../model/package.js";
import { isElf, parseElf } from "../elf.js";
import type { ParseResult } from "../types.js";
import { asRecord, asString, dedupe, emptyResult } from "../types.js";
import { cargoPackage } from "./cargo-lock.js";

const MAX_JSON = 8 * 1024 * 1024;

export function parseAuditableBinary(content: Buffer, path: string): ParseResult {
  if (!isElf(content)) return emptyResult();
  let section: Buffer | undefined;
  try {
    section = parseElf(content).section(".dep-v0");
  } catch {
    return emptyResult();
  }
  if (!section) return emptyResult();
  let doc: Record<string, unknown> | undefined;
  try {
    doc = asRecord(JSON.parse(inflateSync(section, { maxOutputLength: MAX_JSON }).toString("utf8")));
  } catch (err) {
    return emptyResult([`${path}: unreadable cargo-auditable .dep-v0 section (${err instanceof Error ? err.message : String(err)})`]);
  }
  const list = Array.isArray(doc?.packages) ? doc.packages.map(asRecord) : [];
  const roots = new Set<number>();
  list.forEach((p, i) => p?.root === true && roots.add(i));
  const direct = new Set<number>();
  for (const i of roots) {
    for (const d of Array.isArray(list[i]?.dependencies) ? (list[i]?.dependencies as unknown[]) : []) if (typeof d === "number") direct.add(d);
  }
  const out: Package[] = [];
  list.forEach((p, i) => {
    const name = asString(p?.name);
    const version = asString(p?.version);
    if (!p || !name || !version || !/^[\w-]{1,100}$/.test(name)) return;
    const extra: Partial<Package> = roots.has(i) ? {} : { direct: direct.has(i), dev: p.kind === "build" };
    out.push(cargoPackage(name, version, path, extra));
  });
  return { packages: dedupe(out), warnings: [] };
}
