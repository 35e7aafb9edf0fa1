/**
 * go.mod: `require` (direct unless `// indirect`), `replace old [v] => new v` (the replacement is reported;
 * a local-directory replacement drops the module), `exclude` (drops that exact requirement).
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { goPackage, isModulePath, isModuleVersion } from "./package.js";

type Directive = { verb: string; args: string[]; indirect: boolean };

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

export function parseGoMod(content: Buffer, path: string): ParseResult {
  const dirs = goModDirectives(content.toString("utf8"));
  const replaces = dirs.filter((d) => d.verb === "replace").map((d) => parseReplace(d.args)).filter((r): r is Replace => !!r);
  const excluded = new Set(dirs.filter((d) => d.verb === "exclude").map((d) => d.args.join("@")));
  const out: Package[] = [];
  const warnings: string[] = [];
  for (const d of dirs.filter((x) => x.verb === "require")) {
    const [mod, version] = d.args;
    if (!mod || !version || !isModulePath(mod) || !isModuleVersion(version)) {
      warnings.push(`${path}: unreadable require ${JSON.stringify(d.args.join(" ").slice(0, 120))}`);
      continue;
    }
    if (excluded.has(`${mod}@${version}`)) continue;
    const r = replaces.find((x) => x.old === mod && (x.oldVersion === undefined || x.oldVersion === version));
    if (r && r.newVersion === undefined) continue; // replaced by a local directory: not a published module
    const [name, ver] = r?.newVersion ? [r.new, r.newVersion] : [mod, version];
    out.push(goPackage(name, ver, path, { direct: !d.indirect }));
  }
  return { packages: out, warnings };
}
