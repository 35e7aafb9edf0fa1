/**
 * Reading .github/workflows for tests: the YAML, its `run:` scripts, the `dredge` command lines in them
 * (tokenised as the shell would, with variables substituted), and a check of a command line against the
 * commander program of the CLI (subcommands, options, option values, required options and arguments).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { Command, Option } from "commander";
import { parse as parseYaml } from "yaml";
import { allCommands } from "../../src/cli/commands/index.js";
import { buildProgram } from "../../src/cli/main.js";

export const WORKFLOWS = join(import.meta.dirname, "../../.github/workflows");

export interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string>; id?: string; if?: string; "working-directory"?: string }
export interface Job { "runs-on": string; container?: { image: string; options?: string } | string; env?: Record<string, string>; steps: Step[]; "timeout-minutes"?: number }
export interface Workflow { name: string; on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

export const workflowFiles = (): string[] => readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
export const workflowText = (file: string): string => readFileSync(join(WORKFLOWS, file), "utf8");
export const loadWorkflow = (file: string): Workflow => parseYaml(workflowText(file)) as Workflow;

/** Every step of every job, in order. */
export const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((j) => j.steps);

/** Words of one shell command line: quotes removed, `$VAR`/`${VAR}` outside single quotes taken from `vars`. */
export function shellWords(line: string, vars: Record<string, string>): string[] {
  if ((line.match(/"/g)?.length ?? 0) % 2 || (line.match(/'/g)?.length ?? 0) % 2) throw new Error(`unbalanced quotes: ${line}`);
  const expand = (s: string) => s.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (m, name: string) => vars[name] ?? m);
  const words = [...line.matchAll(/(?:'[^']*'|"[^"]*"|[^\s'"]+)+/g)].map((w) => w[0]);
  return words.map((w) => [...w.matchAll(/'([^']*)'|"([^"]*)"|([^'"]+)/g)].map((p) => p[1] ?? expand(p[2] ?? p[3]!)).join(""));
}

/** The `node bin/dredge.js …` command lines of a run script, up to a pipe, redirection or `$(…)` end. */
export function dredgeCommands(run: string): string[] {
  const lines = run.replace(/\\\n\s*/g, " ").split("\n");
  return lines.flatMap((l) => [...l.matchAll(/node bin\/dredge\.js((?:[^|>)"]|"[^"]*")*)/g)].map((m) => m[1]!.trim()));
}

/** GitHub expressions `${{ … }}` replaced from `values` (by their trimmed text). */
export const withExpressions = (text: string, values: Record<string, string>): string =>
  text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (m, expr: string) => values[expr] ?? m);

const silent = () => new PassThrough();

function findOption(chain: Command[], flag: string): Option | undefined {
  for (const cmd of [...chain].reverse()) {
    const o = cmd.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

/** Problems of `argv` (after `dredge`) against the CLI's commander program; [] when it would parse. */
export function cliProblems(argv: readonly string[]): string[] {
  const program = buildProgram({ stdout: silent(), stderr: silent(), env: {} }, { code: 0 }, allCommands);
  const chain: Command[] = [program];
  const given = new Set<Option>();
  const args: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    const cmd = chain[chain.length - 1]!;
    if (tok.startsWith("-")) {
      const [flag, inline] = tok.split(/=(.*)/s) as [string, string | undefined];
      const o = findOption(chain, flag);
      if (!o) {
        problems.push(`unknown option ${flag} for "${chain.map((c) => c.name()).join(" ")}"`);
        continue;
      }
      given.add(o);
      if (o.required && inline === undefined && (argv[++i] === undefined || argv[i]!.startsWith("-"))) problems.push(`${flag} needs a value`);
      continue;
    }
    const sub = args.length === 0 ? cmd.commands.find((c) => c.name() === tok || c.aliases().includes(tok)) : undefined;
    if (sub) chain.push(sub);
    else args.push(tok);
  }
  const cmd = chain[chain.length - 1]!;
  if (cmd.commands.length > 0 && chain.length > 1) problems.push(`"${cmd.name()}" needs a subcommand`);
  for (const o of cmd.options.filter((x) => x.mandatory && !given.has(x))) problems.push(`missing required option ${o.long}`);
  const wanted = cmd.registeredArguments;
  if (args.length < wanted.filter((a) => a.required).length) problems.push(`"${cmd.name()}" needs ${wanted.map((a) => a.name()).join(" ")}`);
  if (args.length > wanted.length && !wanted.some((a) => a.variadic)) problems.push(`unexpected arguments ${args.join(" ")}`);
  return problems;
}
