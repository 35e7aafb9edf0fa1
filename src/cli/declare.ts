/**
 * Declaring settings as commander options: light (commander types, the specs), so the root program can be
 * built without loading the pipeline (`dredge --version` loads nothing else). `defaultOf`: the schema's
 * default of a key, for the help text (program.ts passes ScanOptions' defaults).
 */
import type { Command } from "commander";
import type { Io } from "./program.js";
import type { SettingSpec } from "./settings.js";

export function declareSettings(cmd: Command, specs: readonly SettingSpec[], defaultOf: (key: string) => unknown): Command {
  for (const spec of specs) {
    const envNote = ` [env ${spec.env}]`;
    const value = spec.defaultValue ?? defaultOf(spec.key);
    const def = typeof value === "string" || typeof value === "number" ? ` (default: ${value})` : "";
    const help = `${spec.description}${def}${envNote}`;
    if (spec.type === "list") cmd.option(spec.flags, help, (v: string, prev?: string) => (prev ? `${prev},${v}` : v));
    else cmd.option(spec.flags, help);
  }
  return cmd;
}

/** Registers a command module's commands on the program; the action sets `holder.code`. */
export type Register = (program: Command, io: Io, holder: { code: number }) => void;
