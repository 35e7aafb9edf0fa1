/**
 * The dredge command line. The only place that prints and decides exit codes.
 *
 * Start-up is part of every run: the root program (global options, --version) is built from light modules,
 * and a command's module (its options and the pipeline behind it) is imported only when that command runs.
 * The root's help (`dredge`, `--help`, `help`) lists the commands from their summaries (commands/summary.ts)
 * and loads none. When the command line does not name a command plainly (an unknown option or command),
 * every command is loaded, so errors are commander's own for the whole program.
 */
import { Command, CommanderError, Help, type Option } from "commander";
import { DredgeError } from "../errors.js";
import { version } from "../version.js";
import { declareSettings, type Register } from "./declare.js";
import { EXIT_ERROR, formatError } from "./exit.js";
import type { Io } from "./program.js";
import { globalSettings } from "./settings.js";
import { commandSummaries, type CommandName } from "./commands/summary.js";

interface CommandModule {
  /** The top-level commands it registers. */
  names: readonly CommandName[];
  load(): Promise<Register>;
}

/** Every command module, in the order of commands/index.ts (the order --help lists them). */
const commandModules: readonly CommandModule[] = [
  { names: ["image", "fs", "rootfs"], load: async () => (await import("./commands/scan.js")).scanCommands },
  { names: ["config"], load: async () => (await import("./commands/config.js")).configCommand },
  { names: ["inspect"], load: async () => (await import("./commands/inspect.js")).inspectCommand },
  { names: ["sbom"], load: async () => (await import("./commands/sbom.js")).sbomCommand },
  { names: ["attach"], load: async () => (await import("./commands/attach.js")).attachCommand },
  { names: ["diff"], load: async () => (await import("./commands/diff.js")).diffCommand },
  { names: ["policy"], load: async () => (await import("./commands/policy.js")).policyCommand },
  { names: ["db"], load: async () => (await import("./commands/db.js")).dbCommand },
  { names: ["cache"], load: async () => (await import("./commands/cache.js")).cacheCommand },
  { names: ["server", "worker"], load: async () => (await import("./commands/server.js")).serverCommands },
  { names: ["admission"], load: async () => (await import("./commands/admission.js")).admissionCommand },
];

/** The program without commands: its description, --version and the global settings. */
function rootProgram(io: Io): Command {
  const program = new Command("dredge")
    .description("Dredge: find the packages, vulnerabilities and misconfigurations in container images")
    .version(version(), "-v, --version")
    .option("-c, --config <file>", "config file (default: ./dredge.yaml) [env DREDGE_CONFIG]")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();
  // No global setting has a default in the ScanOptions schema that it does not declare itself (a test
  // checks): the root's help needs no schema.
  declareSettings(program, globalSettings, () => undefined);
  return program;
}

function addCommands(program: Command, io: Io, holder: { code: number }, registers: readonly Register[]): Command {
  for (const register of registers) register(program, io, holder);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  return program;
}

/** The whole program with the given commands (commands/index.ts: allCommands). */
export function buildProgram(io: Io, holder: { code: number }, registers: readonly Register[]): Command {
  return addCommands(rootProgram(io), io, holder, registers);
}

/** What a command line needs: command modules, or only the commands' summaries for the root's help. */
export type Needs = readonly CommandModule[] | "summaries";

/**
 * The command modules a command line needs, reading it as commander will: known global options (and the
 * values of those that take one) up to the first operand, which names the command. --version before it:
 * none. No command, --help before it, or `help` (with no command after it): the summaries. `help COMMAND`:
 * that command's module. Anything else (an unknown option or command): every module.
 */
export function modulesFor(program: Command, args: readonly string[]): Needs {
  const option = (flag: string): Option | undefined => program.options.find((o) => o.long === flag || o.short === flag);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      if (arg === "help") return args[i + 1] === undefined ? "summaries" : modulesFor(program, args.slice(i + 1));
      const m = commandModules.find((c) => c.names.includes(arg as CommandName));
      return m ? [m] : commandModules;
    }
    if (arg === "--help" || arg === "-h") return "summaries";
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const o = option(eq < 0 ? arg : arg.slice(0, eq));
    if (!o || o.optional) return commandModules;
    if (o.long === "--version") return [];
    if (o.required && eq < 0) i++;
  }
  return "summaries";
}

/** The top-level commands as the root's help lists them, without their modules: names and descriptions only. */
function addSummaries(program: Command): Command {
  for (const m of commandModules) for (const name of m.names) program.command(name).description(commandSummaries[name].description);
  const terms: Record<string, string> = Object.fromEntries(Object.entries(commandSummaries).map(([name, s]) => [name, s.term]));
  const help = new Help();
  return program.configureHelp({ subcommandTerm: (cmd) => terms[cmd.name()] ?? help.subcommandTerm(cmd) });
}

export async function main(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const holder = { code: 0 };
  const debug = argv.includes("--debug") || argv.includes("-d") || /^(1|true)$/i.test(io.env.DREDGE_DEBUG ?? "");
  try {
    const program = rootProgram(io);
    const needs = modulesFor(program, argv.slice(2));
    if (needs === "summaries") addSummaries(program);
    else addCommands(program, io, holder, await Promise.all(needs.map((m) => m.load())));
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
