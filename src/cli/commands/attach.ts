/** `dredge attach IMAGE --sbom [FORMATS] --report [FORMAT]`: push Dredge's results to the registry as OCI referrers of the image. */
import type { Command } from "commander";
import { DredgeError } from "../../errors.js";
import { sbomFormats, type SbomFormat } from "../../scan/index.js";
import { attachTarget } from "../../scan/attach.js";
import { attachReportFormats, type AttachReportFormat } from "../../scan/referrer-types.js";
import { notOneOf } from "../../scan/options.js";
import { scanDbSettings } from "../db-settings.js";
import { scanHooks } from "../hooks.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { skipSettings } from "../scan-settings.js";
import { imageSettings } from "../settings.js";
import { commandDescription } from "./summary.js";

export function attachCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("attach")
    .argument("<image>", "image in a registry (tag or digest); you need push access to its repository")
    .description(commandDescription("attach"))
    .option("--sbom [formats]", `attach SBOMs: ${sbomFormats.join(",")} (comma-separated; default cyclonedx)`)
    .option("--report [format]", `attach the vulnerability report: ${attachReportFormats.join(" or ")} (default json: artifactType application/vnd.dredge.vulnerability-report.v1+json; sarif: application/sarif+json)`);
  const specs = [...imageSettings, ...skipSettings, ...scanDbSettings];
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, [image], c) => {
      const opts = c.opts<{ sbom?: string | true; report?: string | true }>();
      const sbom = opts.sbom === undefined ? [] : opts.sbom === true ? ["cyclonedx"] : opts.sbom.split(",").map((f) => f.trim()).filter(Boolean);
      for (const f of sbom) if (!(sbomFormats as readonly string[]).includes(f)) throw notOneOf("--sbom", f, sbomFormats);
      const report = opts.report === undefined ? undefined : opts.report === true ? "json" : opts.report;
      if (report !== undefined && !(attachReportFormats as readonly string[]).includes(report)) throw notOneOf("--report", report, attachReportFormats);
      if (sbom.length === 0 && !report) throw new DredgeError("USAGE", "attach: nothing to attach", { hint: "give --sbom and/or --report" });
      const request = { sbom: [...new Set(sbom)] as SbomFormat[], ...(report ? { report: report as AttachReportFormat } : {}) };
      const attached = await withProgress(ctx, (p) => attachTarget(image!, request, ctx.options, scanHooks(ctx, p)));
      for (const a of attached) ctx.stdout.write(JSON.stringify(a) + "\n");
      return 0;
    }, holder),
  );
}
