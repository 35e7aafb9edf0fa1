/** `dredge diff OLD NEW`: what changed between two images, SBOMs or JSON reports (src/diff does the work). */
import type { Command } from "commander";
import { diffFormats, diffTargets, isDiffFormat, renderDiff, severitiesAtOrAbove, type DiffFormat, type ImageDiff } from "../../diff/index.js";
import { DredgeError } from "../../errors.js";
import { policyFails } from "../../policy/index.js";
import { notOneOf, type ScanOptions } from "../../scan/options.js";
import type { RunContext } from "../context.js";
import { scanDbSettings } from "../db-settings.js";
import { scanHooks } from "../hooks.js";
import { writeOutput } from "../output.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { clientSettings, policySettings, scanSettings, skipSettings } from "../scan-settings.js";
import { imageSettings, setting } from "../settings.js";
import { ignorefileFor, remoteMatcher } from "./scan.js";
import { commandDescription } from "./summary.js";

const pick = (...keys: string[]) => scanSettings.filter((s) => keys.includes(s.key));

const diffSettings = [
  ...imageSettings,
  setting("severity", "--severity <level|list>", "list", "severities to compare and gate on: one level means it and those above (HIGH: HIGH,CRITICAL), a comma-separated list means those"),
  setting("exitCode", "--exit-code <n>", "integer", "exit with this code (0-255) when NEW has vulnerabilities OLD has not (of the --severity levels)"),
  ...policySettings,
  ...pick("ignoreUnfixed", "ignoreStatus", "vulnSeveritySource", "includeDevDeps", "pkgTypes", "ignorefile", "vex"),
  ...skipSettings,
  ...clientSettings,
  ...scanDbSettings,
];

interface Output {
  format: DiffFormat;
  file?: string;
}

/** `--format FORMAT[=FILE]` (repeatable) and `--output FILE`, as the scan commands take them. */
function outputsOf(formats: readonly string[], output: string | undefined): Output[] {
  const specs = (formats.length ? formats : ["table"]).map((f): Output => {
    const i = f.indexOf("=");
    const format = i < 0 ? f : f.slice(0, i);
    if (!isDiffFormat(format)) throw notOneOf("--format", format, diffFormats);
    return i < 0 ? { format } : { format, file: f.slice(i + 1) };
  });
  if (output) {
    const bare = specs.filter((s) => !s.file);
    if (bare.length !== 1) throw new DredgeError("USAGE", "--output needs exactly one --format without =FILE");
    bare[0]!.file = output;
  }
  if (specs.filter((s) => !s.file).length > 1) throw new DredgeError("USAGE", "only one format can go to stdout", { hint: "write the others to files: --format json=diff.json" });
  return specs;
}

/** --policy-exit-code when NEW fails the policy, else --exit-code when NEW has new findings at the gate. */
export function diffExitCode(d: Pick<ImageDiff, "gate" | "new">, o: Pick<ScanOptions, "exitCode" | "policyExitCode" | "failOnWarn" | "policy">): number {
  if (o.policy && d.new.policy && o.policyExitCode !== 0 && policyFails({ finalAction: d.new.policy }, o.failOnWarn)) return o.policyExitCode;
  return d.gate.newFindings > 0 ? o.exitCode : 0;
}

async function diff(ctx: RunContext, oldTarget: string, newTarget: string, cmd: Command): Promise<number> {
  const own = cmd.opts<{ format: string[]; output?: string }>();
  const outputs = outputsOf(own.format, own.output);
  const o = ctx.options;
  const options: ScanOptions = { ...o, severity: severitiesAtOrAbove(o.severity), ignorefile: ignorefileFor(o) };
  const result = await withProgress(ctx, (p) => diffTargets(oldTarget, newTarget, options, scanHooks(ctx, p), remoteMatcher(ctx)));
  // The table shows the warnings itself; other formats get them on stderr.
  if (!outputs.some((x) => x.format === "table" && !x.file)) for (const w of result.warnings) ctx.logger.warn(w);
  for (const out of outputs) {
    const toStdout = !out.file || out.file === "-";
    const stdout = ctx.stdout as NodeJS.WriteStream;
    const color = toStdout && out.format === "table" && stdout.isTTY === true && !ctx.env.NO_COLOR;
    await writeOutput(ctx, renderDiff(result, out.format, { color, ...(toStdout && stdout.columns ? { width: stdout.columns } : {}) }), out.file);
  }
  return diffExitCode(result, o);
}

export function diffCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("diff")
    .argument("<old>", "image (reference, archive, oci:DIR, daemon:NAME…), SBOM file (CycloneDX, SPDX) or Dredge JSON report")
    .argument("<new>", "the same kinds; OLD and NEW may be of different kinds")
    .description(commandDescription("diff"))
    .option("-f, --format <format[=file]>", `${diffFormats.join(", ")}; repeatable (markdown: for a pull-request comment)`, (v: string, prev: string[]) => [...prev, v], [])
    .option("-o, --output <file>", "write the (single) output to a file");
  addSettings(cmd, diffSettings);
  cmd.action(runAction(io, diffSettings, (ctx, [oldTarget, newTarget], c) => diff(ctx, oldTarget!, newTarget!, c), holder));
}
