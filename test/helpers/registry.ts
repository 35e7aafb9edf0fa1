/**
 * A real registry for tests (Debian's docker-registry via ../shared/tools/start-test-registry.sh) on a free
 * loopback port, plus pushing test images into it with skopeo.
 *
 *   const reg = await startRegistry({ auth: "tester:secret" });   // in before()
 *   await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, "test/bookworm:latest", { creds: "tester:secret" });
 *   await reg.stop();                                              // in after(), always
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { sharedDir } from "./images.js";

const run = promisify(execFile);

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  /** `http://127.0.0.1:PORT` */
  url: string;
  pid: number;
  /** Temp dir with config.yml, registry.log, htpasswd, data/. */
  dir: string;
  /** Kill the registry and remove its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** A port that was free a moment ago (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function parseOutput(stdout: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]!] = m[2]!;
  }
  return vars;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start a registry; `auth` = "USER:PASS" enables htpasswd Basic auth; `ports` are tried in order instead of
 * a free port (the first that binds). Retries on a port race.
 */
export async function startRegistry(opts: { auth?: string; ports?: readonly number[] } = {}): Promise<TestRegistry> {
  const script = join(sharedDir, "tools/start-test-registry.sh");
  let lastError: unknown;
  const tries = opts.ports?.length ?? 3;
  for (let attempt = 0; attempt < tries; attempt++) {
    const port = opts.ports ? opts.ports[attempt]! : await freePort();
    const args = [script, String(port), ...(opts.auth ? ["-u", opts.auth] : [])];
    try {
      const { stdout } = await run("bash", args, { timeout: 60_000 });
      const v = parseOutput(stdout);
      const pid = Number(v.REGISTRY_PID);
      if (!pid || !v.REGISTRY_HOST || !v.REGISTRY_URL) throw new Error(`unexpected output of ${script}: ${stdout}`);
      return makeHandle(pid, v.REGISTRY_HOST, v.REGISTRY_URL, v.REGISTRY_DIR ?? "");
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function makeHandle(pid: number, host: string, url: string, dir: string): TestRegistry {
  let stopped = false;
  return {
    host,
    url,
    pid,
    dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (alive(pid)) process.kill(pid, "SIGTERM");
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive(pid)) process.kill(pid, "SIGKILL");
      if (dir.startsWith("/tmp/test-registry.")) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PushOptions {
  /** "USER:PASS" for a registry started with auth. */
  creds?: string;
  /** Copy every platform of an index (`skopeo copy --all`). */
  all?: boolean;
}

/**
 * `skopeo copy SRC docker://HOST/DEST` over plain HTTP. `src` is any skopeo transport, e.g.
 * `oci:/var/tmp/dredge-test-images/oci:bookworm`; `dest` is `repo:tag` (or a full `docker://…`).
 */
export async function pushImage(host: string, src: string, dest: string, opts: PushOptions = {}): Promise<void> {
  const target = dest.startsWith("docker://") ? dest : `docker://${host}/${dest}`;
  const args = ["--insecure-policy", "copy", "--quiet", "--dest-tls-verify=false", "--preserve-digests"];
  if (opts.creds) args.push("--dest-creds", opts.creds);
  if (opts.all) args.push("--all");
  args.push(src, target);
  await run("skopeo", args, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
}
