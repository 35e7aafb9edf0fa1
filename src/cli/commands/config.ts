/** `dredge config PATH`: misconfigurations of Dockerfiles and Kubernetes manifests; `--list-rules`. */
import type { Command } from "commander";
import Table from "cli-table3";
import { listMisconfigRules as listRules } from "../../scan/index.js";
import { DredgeError } from "../../errors.js";
import type { Severity } from "../../model/finding.js";
import { reportFormats } from "../../report/registry.js";
import { failingFindings } from "../../scan/filter.js";
import { configScan } from "../../scan/index.js";
import type { RunContext } from "../context.js";
import { scanHooks } from "../hooks.js";
import { writeOutput } from "../output.js";
import { withOutputFile, writeReports } from "../outputs.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { scanSettings } from "../scan-settings.js";
import type { SettingSpec } from "../settings.js";
import { ignorefileFor } from "./scan.js";
import { commandDescription } from "./summary.js";

const specs: readonly SettingSpec[] = scanSettings.filter((s) => ["severity", "exitCode", "ignorefile", "showSuppressed"].includes(s.key));

export function configCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("config")
    .argument("[path]", "a Dockerfile, a Kubernetes manifest, or a directory holding them")
    .description(commandDescription("config"))
    .option("--list-rules", "print every misconfiguration rule (image, Dockerfile, Kubernetes) and exit")
    .option("-f, --format <format[=file]>", `${reportFormats.join(", ")}; repeatable`, (v: string, p: string[]) => [...p, v], [])
    .option("-o, --output <file>", "write the (single) report to a file");
  addSettings(cmd, specs);
  cmd.action(runAction(io, specs, (ctx, [path], c) => run(ctx, path, c), holder, ["format"]));
}

async function run(ctx: RunContext, path: string | undefined, c: Command): Promise<number> {
  const opts = c.opts<{ listRules?: boolean; output?: string }>();
  const o = ctx.options;
  if (opts.listRules) return listRulesOutput(ctx, o.format[0]?.format ?? "table", opts.output);
  if (!path) throw new DredgeError("USAGE", "dredge config needs a PATH (or --list-rules)");
  // As for scans (and as --help says): ./.dredgeignore or ./.dredgeignore.yaml when present.
  const report = await configScan(path, { severity: o.severity, ignorefile: ignorefileFor(o) }, scanHooks(ctx));
  await writeReports(ctx, [report], withOutputFile(o.format, opts.output), { showSuppressed: o.showSuppressed });
  return failingFindings(report) > 0 ? o.exitCode : 0;
}

async function listRulesOutput(ctx: RunContext, format: string, output: string | undefined): Promise<number> {
  const rules = listRules();
  if (format === "json") {
    await writeOutput(ctx, JSON.stringify(rules, null, 2) + "\n", output);
    return 0;
  }
  const t = new Table({ head: ["ID", "Target", "Severity", "PSS", "Title"], style: { head: [], border: [] } });
  for (const r of rules) t.push([r.id, r.target, r.severity as Severity, r.pss ?? "", r.title]);
  await writeOutput(ctx, t.toString() + "\n", output);
  return 0;
}
