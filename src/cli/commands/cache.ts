/** `dredge cache clean`: remove cached layer analyses and temp files. */
import type { Command } from "commander";
import { cleanLayerCache as cleanCache } from "../../scan/index.js";
import type { Io } from "../program.js";
import { runAction } from "../program.js";
import { commandDescription } from "./summary.js";

export function cacheCommand(program: Command, io: Io, holder: { code: number }): void {
  const cache = program.command("cache").description(commandDescription("cache"));
  cache
    .command("clean")
    .description("remove cached layer analyses, records of verified local files (docs/security.md), the compiled-code cache and temporary files")
    .option("--layers", "only the layer-analysis cache")
    .action(
      runAction(io, [], async (ctx, _args, c) => {
        ctx.dispose();
        await cleanCache(ctx.cacheDir, c.opts<{ layers?: boolean }>().layers ? "layers" : "all");
        if (!ctx.quiet) ctx.stderr.write(`cleaned ${ctx.cacheDir}\n`);
        return 0;
      }, holder),
    );
}
