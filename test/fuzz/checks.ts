/** Invariants of parser results: the shapes later stages rely on (strings where strings are expected). */
import type { Package } from "../../src/model/package.js";

const isString = (v: unknown): v is string => typeof v === "string";
const stringList = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.every(isString));

/** What is wrong with one package, or undefined. */
export function packageProblem(p: Package): string | undefined {
  if (!isString(p.name) || p.name === "") return `package name ${String(p.name)}`;
  if (!isString(p.type)) return `${p.name}: type is ${typeof p.type}`;
  if (!isString(p.version)) return `${p.name}: version is ${typeof p.version}`;
  if (!isString(p.purl)) return `${p.name}: purl is ${typeof p.purl}`;
  if (!Array.isArray(p.locations) || !p.locations.every((l) => isString(l.path))) return `${p.name}: bad locations`;
  for (const field of ["licenses", "dependsOn", "files"] as const) {
    if (!stringList(p[field])) return `${p.name}: ${field} is not a list of strings`;
  }
  for (const field of ["arch", "release", "vendor", "maintainer"] as const) {
    if (p[field] !== undefined && !isString(p[field])) return `${p.name}: ${field} is ${typeof p[field]}`;
  }
  if (p.source !== undefined && !(isString(p.source.name) && isString(p.source.version))) return `${p.name}: bad source`;
  return undefined;
}

export function packagesProblem(pkgs: unknown): string | undefined {
  if (!Array.isArray(pkgs)) return "packages is not a list";
  for (const p of pkgs as Package[]) {
    const bad = packageProblem(p);
    if (bad) return bad;
  }
  return undefined;
}

/** `{ packages, warnings }` as the language, dpkg and apk parsers return it. */
export function parseResultProblem(r: unknown): string | undefined {
  const res = r as { packages?: unknown; warnings?: unknown };
  if (!stringList(res.warnings) || res.warnings === undefined) return "warnings is not a list of strings";
  return packagesProblem(res.packages);
}

/** A value that survives JSON (what the DB writer and reports do with it): no functions, no cycles. */
export function plainDataProblem(v: unknown, path = "$", depth = 0): string | undefined {
  if (depth > 200) return `${path}: nested more than 200 deep`;
  if (typeof v === "function") return `${path} is a function`;
  if (typeof v === "bigint" || typeof v === "symbol") return `${path} is a ${typeof v}`;
  if (typeof v === "number" && !Number.isFinite(v)) return `${path} is ${v}`;
  if (typeof v !== "object" || v === null) return undefined;
  for (const [k, x] of Object.entries(v)) {
    const bad = plainDataProblem(x, `${path}.${k}`, depth + 1);
    if (bad) return bad;
  }
  return undefined;
}
