/** `dredge sbom TARGET`: a CycloneDX 1.6 or SPDX 2.3 SBOM of an image or directory. */
import type { Command } from "commander";
import { sbomFormats, sbomTarget, type SbomFormat } from "../../scan/index.js";
import { notOneOf } from "../../scan/options.js";
import { scanHooks } from "../hooks.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { skipSettings } from "../scan-settings.js";
import { imageSettings } from "../settings.js";
import { warnIncomplete, writeJsonOutput } from "../output.js";
import { commandDescription } from "./summary.js";

export function sbomCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("sbom")
    .argument("<target>", "image (any source), or rootfs:DIR / fs:DIR")
    .description(commandDescription("sbom"))
    .option("-f, --format <format>", `${sbomFormats.join(" or ")}`, "cyclonedx")
    .option("-o, --output <file>", "write the SBOM to a file instead of stdout");
  const specs = [...imageSettings, ...skipSettings];
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, [target], c) => {
      const opts = c.opts<{ format: string; output?: string }>();
      if (!(sbomFormats as readonly string[]).includes(opts.format)) throw notOneOf("--format", opts.format, sbomFormats);
      const sbom = await withProgress(ctx, (p) => sbomTarget(target!, opts.format as SbomFormat, ctx.options, scanHooks(ctx, p), true));
      for (const w of sbom.warnings) ctx.logger.warn(w);
      warnIncomplete(ctx, sbom.incomplete);
      await writeJsonOutput(ctx, sbom.document, opts.output);
      return 0;
    }, holder),
  );
}

