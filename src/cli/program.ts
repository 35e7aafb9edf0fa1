/** Helpers to declare commands whose options follow the flag > env > file > default rule. */
import type { Command } from "commander";
import { DredgeError } from "../errors.js";
import { findConfigFile, loadConfigFile } from "./config-file.js";
import type { RunContext } from "./context.js";
import { createContext, UNWIND_GRACE_MS } from "./context.js";
import type { SettingSpec, SettingValue } from "./settings.js";
import { globalSettings, resolveSettings } from "./settings.js";

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export function addSettings(cmd: Command, specs: readonly SettingSpec[]): Command {
  for (const spec of specs) {
    const envNote = ` [env ${spec.env}]`;
    const def = spec.defaultValue !== undefined && spec.type !== "boolean" ? ` (default: ${spec.defaultValue})` : "";
    const help = `${spec.description}${def}${envNote}`;
    if (spec.type === "list") cmd.option(spec.flags, help, (v: string, prev?: string) => (prev ? `${prev},${v}` : v));
    else cmd.option(spec.flags, help);
  }
  return cmd;
}

/** Settings of a command: its own specs plus the global ones, resolved against env and the config file. */
export function commandSettings(cmd: Command, specs: readonly SettingSpec[], env: NodeJS.ProcessEnv): Record<string, SettingValue> {
  const all = [...globalSettings, ...specs];
  const flags = cmd.optsWithGlobals() as Record<string, unknown>;
  const sourceOf = (key: string): string | undefined => {
    for (let c: Command | null = cmd; c; c = c.parent) {
      const src = c.getOptionValueSource(key);
      if (src !== undefined && src !== "default" && src !== "implied") return src;
    }
    return undefined;
  };
  const file = loadConfigFile(findConfigFile(flags.config as string | undefined, env));
  return resolveSettings(all, flags, (key) => sourceOf(key) === "cli", env, file);
}

export type Action = (ctx: RunContext, args: string[], cmd: Command) => Promise<number>;

/** Wrap a command action: build the context, run, always clean up. The exit code is stored on `holder`. */
export function runAction(io: Io, specs: readonly SettingSpec[], action: Action, holder: { code: number }) {
  return async (...raw: unknown[]): Promise<void> => {
    const cmd = raw[raw.length - 1] as Command;
    const args = raw.slice(0, -2).filter((a): a is string => typeof a === "string");
    const ctx = createContext(commandSettings(cmd, specs, io.env), io);
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
    return new DredgeError("TIMEOUT", `timed out after ${Number(ctx.settings.timeout) / 1000}s`, { hint: "raise --timeout (e.g. --timeout 30m)" });
  }
  return new DredgeError("CANCELLED", reason.startsWith("interrupted") ? reason : "interrupted");
}
