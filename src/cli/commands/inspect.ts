/** `dredge inspect TARGET`: what an image is made of. */
import type { Command } from "commander";
import { inspectTarget } from "../../scan/index.js";
import { notOneOf } from "../../scan/options.js";
import { scanHooks } from "../hooks.js";
import { writeOutput } from "../output.js";
import type { Io } from "../program.js";
import { addSettings, runAction } from "../program.js";
import { withProgress } from "../progress.js";
import { renderInspect } from "../render/inspect-table.js";
import { imageSettings } from "../settings.js";
import { commandDescription } from "./summary.js";

export function inspectCommand(program: Command, io: Io, holder: { code: number }): void {
  const cmd = program
    .command("inspect")
    .argument("<target>", "image: registry reference, docker-archive or OCI archive file, oci:DIR[:TAG], daemon:NAME, rootfs:DIR")
    .description(commandDescription("inspect"))
    .option("-f, --format <format>", "table or json", "table")
    .option("-o, --output <file>", "write the report to a file instead of stdout");
  addSettings(cmd, imageSettings);
  cmd.action(
    runAction(io, imageSettings, async (ctx, [target], c) => {
      const opts = c.opts<{ format: string; output?: string }>();
      if (opts.format !== "table" && opts.format !== "json") throw notOneOf("--format", opts.format, ["table", "json"]);
      const report = await withProgress(ctx, (p) => inspectTarget(target!, ctx.options, scanHooks(ctx, p)));
      for (const w of report.warnings) ctx.logger.warn(w);
      const text = opts.format === "json" ? JSON.stringify(report, null, 2) + "\n" : renderInspect(report);
      await writeOutput(ctx, text, opts.output);
      return 0;
    }, holder),
  );
}
