/** `dredge sbom TARGET`: a CycloneDX 1.6 or SPDX 2.3 SBOM of an image or directory. */
import type { Command } from "commander";
import { DredgeError } from "../../errors.js";
import { notOneOf } from "../../scan/options.js";
import { cyclonedxSbom } from "../../report/sbom/cyclonedx.js";
import { spdxSbom } from "../../report/sbom/spdx.js";
import { loadTargets } from "../load.js";
import { skipSettings } from "../scan-settings.js";
import { pathSkipper } from "../../scan/skip.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { imageSettings } from "../settings.js";
import { warnIncomplete, writeOutput } from "../output.js";
import { version } from "../version.js";

const formats = ["cyclonedx", "spdx-json"] as const;

export function sbomCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("sbom")
    .argument("<target>", "image (any source), or rootfs:DIR / fs:DIR")
    .description("write an SBOM (CycloneDX 1.6 JSON or SPDX 2.3 JSON) of an image or directory")
    .option("-f, --format <format>", `${formats.join(" or ")}`, "cyclonedx")
    .option("-o, --output <file>", "write the SBOM to a file instead of stdout");
  const specs = [...imageSettings, ...skipSettings];
  addSettings(cmd, specs);
  cmd.action(
    runAction(io, specs, async (ctx, [target], c) => {
      const opts = c.opts<{ format: string; output?: string }>();
      if (!(formats as readonly string[]).includes(opts.format)) throw notOneOf("--format", opts.format, formats);
      const skip = pathSkipper(ctx.options.skipDirs, ctx.options.skipFiles);
      const inventories = (await loadTargets(ctx, target!, [], skip)).map((t) => t.inventory);
      if (inventories.length !== 1) {
        throw new DredgeError("USAGE", `${target} has ${inventories.length} platforms; an SBOM describes one image`, {
          hint: "choose one with --platform os/arch",
        });
      }
      const inv = inventories[0]!;
      for (const w of inv.warnings) ctx.logger.warn(w);
      warnIncomplete(ctx, inv.incomplete);
      const tool = { name: "dredge", version: version() };
      const doc = opts.format === "cyclonedx" ? cyclonedxSbom(inv, tool) : spdxSbom(inv, tool);
      await writeOutput(ctx, JSON.stringify(doc, null, 2) + "\n", opts.output);
      return 0;
    }, holder),
  );
}

