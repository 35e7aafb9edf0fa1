/** The dredge command line. The only place that prints and decides exit codes. */
import { Command, CommanderError } from "commander";
import { DredgeError } from "../errors.js";
import { cacheCommand } from "./commands/cache.js";
import { configCommand } from "./commands/config.js";
import { dbCommand } from "./commands/db.js";
import { inspectCommand } from "./commands/inspect.js";
import { sbomCommand } from "./commands/sbom.js";
import { scanCommands } from "./commands/scan.js";
import { policyCommand } from "./commands/policy.js";
import { serverCommands } from "./commands/server.js";
import { version } from "../version.js";
import { EXIT_ERROR, formatError } from "./exit.js";
import type { Io } from "./program.js";
import { addSettings } from "./program.js";
import { globalSettings } from "./settings.js";

type Register = (program: Command, io: Io, holder: { code: number }) => void;

/** Every command, one line each. */
const commands: readonly Register[] = [scanCommands, configCommand, inspectCommand, sbomCommand, policyCommand, dbCommand, cacheCommand, serverCommands];


export function buildProgram(io: Io, holder: { code: number }): Command {
  const program = new Command("dredge")
    .description("Dredge: find the packages, vulnerabilities and misconfigurations in container images")
    .version(version(), "-v, --version")
    .option("-c, --config <file>", "config file (default: ./dredge.yaml) [env DREDGE_CONFIG]")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  addSettings(program, globalSettings);
  for (const register of commands) register(program, io, holder);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  return program;
}

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const holder = { code: 0 };
  const debug = argv.includes("--debug") || argv.includes("-d") || /^(1|true)$/i.test(io.env.DREDGE_DEBUG ?? "");
  try {
    const program = buildProgram(io, holder);
    await program.parseAsync(argv as string[]);
    return holder.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    io.stderr.write(formatError(timeoutAware(err), debug) + "\n");
    return EXIT_ERROR;
  }
}

function timeoutAware(err: unknown): unknown {
  if (err instanceof Error && err.message === "timeout") return new DredgeError("TIMEOUT", "timed out", { hint: "raise --timeout" });
  return err;
}
