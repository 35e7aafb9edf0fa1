/** What a command runs with: logger on stderr, cache and temp dirs, cancellation. */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger, LogLevel } from "../util/log.js";
import type { CliOptions } from "./options.js";
import { defaultCacheDir } from "./settings.js";

export interface RunContext {
  logger: Logger;
  quiet: boolean;
  debug: boolean;
  cacheDir: string;
  /** A private temp dir under CACHE_DIR/tmp, removed by dispose(). */
  tmpDir: string;
  signal: AbortSignal;
  /** Every setting of the command, validated once (flags > env > dredge.yaml > defaults). */
  options: CliOptions;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment the CLI was started with (tests pass their own). */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

export function stderrLogger(stderr: NodeJS.WritableStream, quiet: boolean, debug: boolean): Logger {
  const write = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (level === "debug" && !debug) return;
    if (quiet && level !== "error") return;
    if (level === "info" && !debug) return;
    const ctx = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
    stderr.write(`${level === "warn" ? "warning" : level}: ${msg}${ctx}\n`);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

export function createContext(
  options: CliOptions,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): RunContext {
  const { quiet, debug } = options;
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const tmpDir = join(cacheDir, "tmp", `${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  const controller = new AbortController();
  const timer = options.timeout ? setTimeout(() => controller.abort(new Error("timeout")), options.timeout) : undefined;
  timer?.unref();
  const onSignal = () => controller.abort(new Error("interrupted"));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    logger: stderrLogger(io.stderr, quiet, debug),
    quiet,
    debug,
    cacheDir,
    tmpDir,
    signal: controller.signal,
    options,
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    dispose() {
      if (timer) clearTimeout(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
