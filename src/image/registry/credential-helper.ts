/** Docker credential helpers: `docker-credential-<name> get` with the server URL on stdin. */
import { spawn } from "node:child_process";
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import type { RegistryCredentials } from "./credentials.js";

const helperOutput = z.object({ Username: z.string().optional(), Secret: z.string() }).passthrough();
const HELPER_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;

/**
 * Ask helper `name` for the credentials of `server`. Undefined when the helper has none ("credentials not
 * found"); IO_ERROR when it cannot run or answers garbage. A `<token>` username means an identity token.
 */
export async function runCredentialHelper(name: string, server: string): Promise<RegistryCredentials | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new DredgeError("INVALID_CONFIG", `invalid credential helper name "${name}" in the docker config`);
  }
  const program = `docker-credential-${name}`;
  const { code, stdout, stderr } = await run(program, server);
  if (code !== 0) {
    if (/credentials not found/i.test(stdout + stderr)) return undefined;
    throw new DredgeError("IO_ERROR", `${program} get failed for ${server} (exit ${code}): ${(stderr || stdout).trim().slice(0, 200)}`);
  }
  let parsed: z.infer<typeof helperOutput>;
  try {
    parsed = helperOutput.parse(JSON.parse(stdout));
  } catch {
    throw new DredgeError("IO_ERROR", `${program} get returned no {Username, Secret} JSON for ${server}`);
  }
  const source = `credential helper ${program}`;
  if (parsed.Username === "<token>") return { identityToken: parsed.Secret, source };
  return { username: parsed.Username ?? "", password: parsed.Secret, source };
}

function run(program: string, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ["get"], { stdio: ["pipe", "pipe", "pipe"] });
    // Our own timer: spawn's `timeout` keeps the process alive when the program does not exist.
    const timer = setTimeout(() => child.kill("SIGKILL"), HELPER_TIMEOUT_MS);
    timer.unref();
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString("utf8");
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new DredgeError("IO_ERROR", `cannot run credential helper ${program}: ${err.message}`, { cause: err }));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}
