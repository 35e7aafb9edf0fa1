/** Run the CLI in-process with captured output (runCli), or the real executable (runBin). */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { PassThrough } from "node:stream";
import { main } from "../../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const code = await main(["node", "dredge", ...args], { stdout, stderr, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

/** The built executable (`npm run build` first): bin/dredge.js over dist/. */
export const dredgeBin = resolve(import.meta.dirname, "../../bin/dredge.js");

/** Run the real `bin/dredge.js` in a child process, with only PATH and `env` in its environment. */
export function runBin(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliResult {
  if (!existsSync(resolve(import.meta.dirname, "../../dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build first");
  const r = spawnSync(process.execPath, [dredgeBin, ...args], { encoding: "utf8", env: { PATH: process.env.PATH, ...env }, cwd, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
