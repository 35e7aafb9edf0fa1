/**
 * go.mod: `require` (direct unless `// indirect`), `replace old [v] => new v` (the replacement is reported;
 * a module replaced by a local directory is reported at its required version with `download_url=file:<dir>`
 * in its purl, so that it is never matched against the Go vulndb: ../origin.ts), `exclude` (drops that exact
 * requirement).
 * Before Go 1.17 (`go` directive < 1.17, or none: the go command then assumes 1.16) go.mod lists only part
 * of the indirect requirements; the rest are in go.sum next to it, whose modules are then added as indirect.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { highestGoVersion, parseGoSum } from "./go-sum.js";
import { goPackage, isModulePath, isModuleVersion } from "./package.js";
import { pushAll } from "../../../util/array.js";
import { originQualifiers } from "../origin.js";

export type Directive = { verb: string; args: string[]; indirect: boolean };

/** Lines of go.mod as directives, with `verb ( … )` blocks expanded. */
export function goModDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  let block: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect\b/.test(raw);
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (line === "") continue;
    if (block !== undefined) {
      if (line === ")") block = undefined;
      else out.push({ verb: block, args: splitArgs(line), indirect });
      continue;
    }
    const m = /^(\w+)\s*\($/.exec(line);
    if (m?.[1]) {
      block = m[1];
      continue;
    }
    const [verb, ...args] = splitArgs(line);
    if (verb) out.push({ verb, args, indirect });
  }
  return out;
}

function splitArgs(line: string): string[] {
  return (line.match(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g) ?? []).map((a) => a.replace(/^["`]|["`]$/g, ""));
}

interface Replace { old: string; oldVersion?: string; new: string; newVersion?: string }

function parseReplace(args: string[]): Replace | undefined {
  const arrow = args.indexOf("=>");
  if (arrow < 1) return undefined;
  const [old, oldVersion] = args.slice(0, arrow);
  const [repl, newVersion] = args.slice(arrow + 1);
  return old && repl ? { old, oldVersion, new: repl, newVersion } : undefined;
}

/** The go.sum of the same directory, read only when go.mod predates Go 1.17. */
export interface GoSumInput {
  content: Buffer;
  path: string;
}

/** True when the `go` directive is below 1.17 or missing (the go command assumes 1.16 then). */
export function predatesGo117(dirs: readonly Directive[]): boolean {
  const go = dirs.find((d) => d.verb === "go")?.args[0];
  if (go === undefined) return true;
  const m = /^(\d+)\.(\d+)/.exec(go);
  return !!m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 17));
}

interface Rules {
  replaces: Replace[];
  excluded: Set<string>;
}

/** module@version → what is built: the replacement, or the module from a local directory. */
function resolve(rules: Rules, mod: string, version: string): [string, string, Record<string, string>?] {
  const r = rules.replaces.find((x) => x.old === mod && (x.oldVersion === undefined || x.oldVersion === version));
  if (r && r.newVersion === undefined) return [mod, version, originQualifiers({ kind: "path", path: r.new })];
  return r?.newVersion ? [r.new, r.newVersion] : [mod, version];
}

export function parseGoMod(content: Buffer, path: string, goSum?: GoSumInput): ParseResult {
  const dirs = goModDirectives(content.toString("utf8"));
  const rules: Rules = {
    replaces: dirs.filter((d) => d.verb === "replace").map((d) => parseReplace(d.args)).filter((r): r is Replace => !!r),
    excluded: new Set(dirs.filter((d) => d.verb === "exclude").map((d) => d.args.join("@"))),
  };
  const out: Package[] = [];
  const warnings: string[] = [];
  const required = new Set<string>();
  for (const d of dirs.filter((x) => x.verb === "require")) {
    const [mod, version] = d.args;
    if (!mod || !version || !isModulePath(mod) || !isModuleVersion(version)) {
      warnings.push(`${path}: unreadable require ${JSON.stringify(d.args.join(" ").slice(0, 120))}`);
      continue;
    }
    required.add(mod);
    if (rules.excluded.has(`${mod}@${version}`)) continue;
    const [name, v, local] = resolve(rules, mod, version);
    out.push(goPackage(name, v, path, { direct: !d.indirect }, local));
  }
  if (goSum && predatesGo117(dirs)) {
    const self = dirs.find((d) => d.verb === "module")?.args[0];
    if (self) required.add(self);
    pushAll(warnings, addGoSumModules(out, required, rules, goSum, path));
  }
  return { packages: out, warnings };
}

/** go.sum modules go.mod does not name, as indirect packages located at go.mod (their manifest). */
function addGoSumModules(out: Package[], required: Set<string>, rules: Rules, goSum: GoSumInput, path: string): string[] {
  const sum = parseGoSum(goSum.content, goSum.path);
  const reported = new Set(out.map((p) => p.name));
  for (const [mod, versions] of sum.modules) {
    if (required.has(mod) || reported.has(mod)) continue;
    const version = highestGoVersion(versions.filter((v) => !rules.excluded.has(`${mod}@${v}`)));
    const built = version === undefined ? undefined : resolve(rules, mod, version);
    if (!built || reported.has(built[0])) continue;
    reported.add(built[0]);
    out.push(goPackage(built[0], built[1], path, { direct: false }, built[2]));
  }
  return sum.warnings;
}
