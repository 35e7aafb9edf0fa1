/**
 * `dredge policy check FILE` (every problem with line and column), `dredge policy test FILE TARGET` (scan
 * TARGET and explain the verdict rule by rule), `dredge policy import BUNDLE` (an Anchore policy bundle
 * as a Dredge policy file, listing what could not be converted).
 */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { stringify } from "yaml";
import { DredgeError, errorMessage } from "../../errors.js";
import { checkPolicy, formatProblem, MAX_POLICY_BYTES } from "../../policy/index.js";
import { importAnchoreBundle } from "../../policy/anchore/import.js";
import { readPolicyFile } from "../../policy/read.js";
import { reportLabels } from "../../report/multi.js";
import { scanTarget } from "../../scan/index.js";
import { findConfigFile, loadConfigDocument } from "../config-file.js";
import { scanHooks } from "../hooks.js";
import { writeOutput } from "../output.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { explainEvaluation } from "../render/policy-explain.js";
import { scanSettings } from "../scan-settings.js";
import { imageSettings } from "../settings.js";
import { ignorefileFor, scanExitCode } from "./scan.js";
import { commandDescription } from "./summary.js";

export function policyCommand(program: Command, io: Io, holder: { code: number }): void {
  const policy = program.command("policy").description(commandDescription("policy"));
  checkSub(policy, io, holder);
  testSub(policy, io, holder);
  importSub(policy, io, holder);
}

function checkSub(parent: Command, io: Io, holder: { code: number }): void {
  const cmd = parent.command("check").argument("<file>", "policy file (YAML or JSON)").description("validate a policy file: every problem with its line and column; exit 1 when invalid");
  cmd.action(runAction(io, [], async (ctx, [file]) => {
    const { problems, policy } = checkPolicy(readPolicyFile(file!, "policy file", MAX_POLICY_BYTES), file!);
    if (!policy) {
      for (const p of problems) ctx.stderr.write(`${formatProblem(file!, p)}\n`);
      ctx.stderr.write(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}\n`);
      return 1;
    }
    const d = policy.document;
    const rules = d.policies.reduce((n, p) => n + p.rules.length, 0);
    ctx.stdout.write(`${file}: valid policy (version ${d.version}, revision ${policy.revision}): ${d.policies.length} polic${d.policies.length === 1 ? "y" : "ies"}, ${rules} rule${rules === 1 ? "" : "s"}, ${d.allowlists.length} allowlist${d.allowlists.length === 1 ? "" : "s"}, ${d.mappings.length} mapping${d.mappings.length === 1 ? "" : "s"}\n`);
    return 0;
  }, holder));
}

function testSub(parent: Command, io: Io, holder: { code: number }): void {
  const specs = [...imageSettings, ...scanSettings.filter((s) => s.key !== "policy")];
  const cmd = parent
    .command("test")
    .argument("<file>", "policy file")
    .argument("<target>", "what to scan: as dredge image (image, archive, SBOM file), or fs:DIR / rootfs:DIR")
    .description("scan TARGET and explain the policy's verdict rule by rule; exits like the --policy gate (--policy-exit-code on STOP)");
  addSettings(cmd, specs);
  cmd.action(runAction(io, specs, async (ctx, [file, target], c) => {
    const configPath = findConfigFile(c.optsWithGlobals<{ config?: string }>().config, ctx.env);
    const doc = loadConfigDocument(configPath);
    const options = { ...ctx.options, policy: file!, format: [], ignorefile: ignorefileFor(ctx.options) };
    const result = await withProgress(ctx, (p) => scanTarget(target!, options, scanHooks(ctx, p), { secret: doc.secret, license: doc.license, source: configPath }));
    const labels = result.reports.length > 1 ? reportLabels(result.reports) : [];
    result.reports.forEach((r, i) => r.policy && ctx.stdout.write(`${i ? "\n" : ""}${explainEvaluation(r.policy, labels[i])}`));
    return scanExitCode({ failing: 0, policyFailing: result.policyFailing }, options);
  }, holder));
}

function importSub(parent: Command, io: Io, holder: { code: number }): void {
  const cmd = parent
    .command("import")
    .argument("<bundle>", "Anchore policy bundle (JSON)")
    .option("-o, --output <file>", "write the Dredge policy file here instead of stdout")
    .description("convert an Anchore policy bundle into a Dredge policy file (YAML); every rule that could not be converted is listed on stderr");
  cmd.action(runAction(io, [], async (ctx, [bundle], c) => {
    let input: unknown;
    try {
      input = JSON.parse(readFileSync(bundle!, "utf8"));
    } catch (err) {
      if (err instanceof SyntaxError) throw new DredgeError("INVALID_CONFIG", `${bundle}: not JSON: ${err.message}`);
      throw new DredgeError("IO_ERROR", `cannot read ${bundle}: ${errorMessage(err)}`, { cause: err });
    }
    const r = importAnchoreBundle(input);
    const header = `# Converted from ${bundle} by dredge policy import: ${r.converted} rule${r.converted === 1 ? "" : "s"} converted, ${r.unconverted.length} item${r.unconverted.length === 1 ? "" : "s"} not converted.\n`;
    const notes = r.unconverted.map((u) => `# not converted: ${u.where}: ${u.what.replace(/\n/g, " ")} — ${u.reason}\n`).join("");
    await writeOutput(ctx, header + notes + stringify(r.document, { lineWidth: 0, aliasDuplicateObjects: false }), c.opts<{ output?: string }>().output);
    for (const u of r.unconverted) ctx.stderr.write(`not converted: ${u.where}: ${u.what} — ${u.reason}\n`);
    ctx.stderr.write(`${r.converted} rule${r.converted === 1 ? "" : "s"} converted, ${r.unconverted.length} not converted\n`);
    return 0;
  }, holder));
}
