/** Helpers to declare commands whose options follow the flag > env > file > default rule. */
import type { Command } from "commander";
import { DredgeError } from "../errors.js";
import { defaultInput, type ScanOptionKey } from "../scan/options.js";
import { findConfigFile, loadConfigFile } from "./config-file.js";
import type { RunContext } from "./context.js";
import { createContext, UNWIND_GRACE_MS } from "./context.js";
import { declareSettings } from "./declare.js";
import type { CliOptions } from "./options.js";
import { validateSettings } from "./options.js";
import { allSettings } from "./scan-settings.js";
import type { RawSetting, SettingSpec } from "./settings.js";
import { globalSettings, pickSettings } from "./settings.js";

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where `-` reads from (`--input-list -`); process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
}

export function addSettings(cmd: Command, specs: readonly SettingSpec[]): Command {
  return declareSettings(cmd, specs, defaultInput);
}

/**
 * Options of a command: its own specs plus the global ones, resolved against env and the config file, and
 * `own` (command options that are scan options too, like --format), validated once.
 */
export function commandOptions(cmd: Command, specs: readonly SettingSpec[], env: NodeJS.ProcessEnv, own: readonly ScanOptionKey[] = []): CliOptions {
  const all = [...globalSettings, ...specs];
  const flags = cmd.optsWithGlobals() as Record<string, unknown>;
  const sourceOf = (key: string): string | undefined => {
    for (let c: Command | null = cmd; c; c = c.parent) {
      const src = c.getOptionValueSource(key);
      if (src !== undefined && src !== "default" && src !== "implied") return src;
    }
    return undefined;
  };
  const configPath = findConfigFile(flags.config as string | undefined, env);
  const file = loadConfigFile(configPath, allSettings.map((s) => s.file));
  const raw = pickSettings(all, flags, (key) => sourceOf(key) === "cli", env, file, configPath);
  const opts = cmd.opts<Record<string, unknown>>();
  const fromCommand = own.map((key): [string, RawSetting] => [key, { value: opts[key], where: `--${key}` }]);
  return validateSettings(all, { ...raw, ...Object.fromEntries(fromCommand) });
}

export type Action = (ctx: RunContext, args: string[], cmd: Command) => Promise<number>;

/**
 * Wrap a command action: validate its options, build the context, run, always clean up. The exit code is
 * stored on `holder`. `own`: see commandOptions.
 */
export function runAction(io: Io, specs: readonly SettingSpec[], action: Action, holder: { code: number }, own: readonly ScanOptionKey[] = []) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2).filter((a): a is string => typeof a === "string");
    const ctx = createContext(commandOptions(cmd, specs, io.env, own), io);
    try {
      holder.code = await untilDoneOrAborted(action(ctx, args, cmd), ctx);
    } finally {
      ctx.dispose();
    }
  };
}

/**
 * The action's exit code; when the run is aborted (--timeout: TIMEOUT, a signal: CANCELLED), the abort
 * error once the action has unwound through its finally blocks (temp files removed), or after `graceMs`
 * if it does not (the CLI then exits all the same).
 */
export async function untilDoneOrAborted(run: Promise<number>, ctx: RunContext, graceMs = UNWIND_GRACE_MS): Promise<number> {
  try {
    return await Promise.race([run, abortion(ctx)]);
  } catch (err) {
    if (!ctx.signal.aborted) throw err;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([run.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    throw abortError(ctx);
  }
}

/** Rejects when the run is aborted. */
function abortion(ctx: RunContext): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(abortError(ctx));
    if (ctx.signal.aborted) fail();
    else ctx.signal.addEventListener("abort", fail, { once: true });
  });
}

function abortError(ctx: RunContext): DredgeError {
  const reason = ctx.signal.reason instanceof Error ? ctx.signal.reason.message : "";
  if (reason === "timeout") {
    return new DredgeError("TIMEOUT", `timed out after ${ctx.options.timeout / 1000}s`, { hint: "raise --timeout (e.g. --timeout 30m)" });
  }
  return new DredgeError("CANCELLED", reason.startsWith("interrupted") ? reason : "interrupted");
}
