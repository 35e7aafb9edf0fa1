/** What a command runs with: logger on stderr, cache and temp dirs, cancellation. */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger, LogLevel } from "../util/log.js";
import { keepFresh, removeStale } from "../util/stale.js";
import { EXIT_ERROR } from "./exit.js";
import type { CliOptions } from "./options.js";
import { defaultCacheDir } from "./settings.js";

export interface RunContext {
  logger: Logger;
  quiet: boolean;
  debug: boolean;
  cacheDir: string;
  /** A private temp dir under --tmp-dir (default CACHE_DIR/tmp), removed by dispose(). */
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

/** How long a cancelled command may take to unwind (its finally blocks remove temp files). */
export const UNWIND_GRACE_MS = 5000;
/** After a signal, the process exits this much later whatever still runs. A second signal exits at once. */
const HARD_EXIT_MS = UNWIND_GRACE_MS + 3000;
/** The per-run directories of --tmp-dir: `<pid>-<8 hex>`. */
const RUN_DIR = /^\d+-[0-9a-f]{8}$/;

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

/**
 * The run's private temp dir under `root`, after removing those of runs that died (not kept fresh for 15
 * minutes). SQLite puts its temp files in `root` too: SQLITE_TMPDIR, read once per process when SQLite
 * starts, which is after this in the CLI.
 */
function runTmpDir(root: string): { dir: string; stop: () => void } {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  removeStale(root, RUN_DIR);
  process.env.SQLITE_TMPDIR = root;
  const dir = join(root, `${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { mode: 0o700 });
  return { dir, stop: keepFresh([dir]) };
}

export function createContext(
  options: CliOptions,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
): RunContext {
  const { quiet, debug } = options;
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const tmp = runTmpDir(resolve(options.tmpDir ?? join(cacheDir, "tmp")));
  const controller = new AbortController();
  const timer = options.timeout ? setTimeout(() => controller.abort(new Error("timeout")), options.timeout) : undefined;
  timer?.unref();
  const onSignal = (signal: NodeJS.Signals): void => {
    controller.abort(new Error(`interrupted (${signal})`));
    setTimeout(() => process.exit(EXIT_ERROR), HARD_EXIT_MS).unref();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return {
    logger: stderrLogger(io.stderr, quiet, debug),
    quiet,
    debug,
    cacheDir,
    tmpDir: tmp.dir,
    signal: controller.signal,
    options,
    stdout: io.stdout,
    stderr: io.stderr,
    env: io.env,
    dispose() {
      if (timer) clearTimeout(timer);
      tmp.stop();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      rmSync(tmp.dir, { recursive: true, force: true });
    },
  };
}
