/**
 * HTTP load for `bench gate`: the same POST sent over `connections` keep-alive connections, each sending its next
 * request when the last is answered (closed loop), for `seconds`. With Debian's `wrk` installed (C, one event
 * loop per thread: a fraction of the CPU autocannon needs on a machine the server shares) wrk runs it, else
 * autocannon; BENCH_GATE_LOADGEN=autocannon|wrk chooses. `openLoop` offers a fixed rate instead (autocannon's
 * `overallRate`: wrk has no rate, and wrk2 is not packaged), so latency is seen at a rate the server keeps up with.
 */
import { execFile, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

export interface Load {
  tool: "wrk" | "autocannon";
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers other than 2xx. */
  non2xx: number;
}

export interface LoadSpec {
  url: string;
  body: string;
  connections: number;
  seconds: number;
  /** Where wrk's script and the body are written. */
  tmpDir: string;
}

const run = promisify(execFile);
const headers = { "content-type": "application/json" };

export function wrkInstalled(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (err) {
    // wrk --version prints its version and exits 1.
    return (err as { status?: number }).status === 1;
  }
}

export const loadTool = (): Load["tool"] => {
  const wanted = process.env.BENCH_GATE_LOADGEN;
  if (wanted === "autocannon" || wanted === "wrk") return wanted;
  return wrkInstalled() ? "wrk" : "autocannon";
};

// wrk's `done` hook prints the figures as one JSON line (latency in microseconds).
const script = (bodyFile: string) => `
local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration":%d,"p50":%d,"p99":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
`;

async function viaWrk(spec: LoadSpec): Promise<Load> {
  const bodyFile = join(spec.tmpDir, "wrk-body.json");
  const scriptFile = join(spec.tmpDir, "wrk-post.lua");
  writeFileSync(bodyFile, spec.body);
  writeFileSync(scriptFile, script(bodyFile));
  const threads = process.env.BENCH_GATE_WRK_THREADS ?? "1";
  const { stdout } = await run("wrk", ["-t", threads, "-c", String(spec.connections), "-d", `${spec.seconds}s`, "--timeout", "10s", "-s", scriptFile, spec.url], { maxBuffer: 1 << 20 });
  const line = stdout.split("\n").find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const r = JSON.parse(line) as Record<"requests" | "duration" | "p50" | "p99" | "connect" | "read" | "write" | "status" | "timeout", number>;
  return {
    tool: "wrk", requests: r.requests, perSecond: Math.round(r.requests / (r.duration / 1e6)), p50: r.p50 / 1000, p99: r.p99 / 1000,
    errors: r.connect + r.read + r.write + r.timeout, non2xx: r.status,
  };
}

async function viaAutocannon(spec: LoadSpec, overallRate?: number): Promise<Load> {
  const r = await autocannon({ url: spec.url, method: "POST", body: spec.body, headers, connections: spec.connections, duration: spec.seconds, ...(overallRate ? { overallRate } : {}) });
  return { tool: "autocannon", requests: r.requests.total, perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

/** Closed loop: every connection sends its next request as soon as it is answered. */
export const closedLoop = (spec: LoadSpec, tool = loadTool()): Promise<Load> => (tool === "wrk" ? viaWrk(spec) : viaAutocannon(spec));

/** Open loop at `rate` requests per second over all connections (autocannon). */
export const openLoop = (spec: LoadSpec, rate: number): Promise<Load> => viaAutocannon(spec, rate);
