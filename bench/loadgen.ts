/**
 * HTTP load for `bench gate`: the same POST sent over `connections` keep-alive connections, each sending its next
 * request when the last is answered (closed loop), for `seconds`. With Debian's `wrk` installed (C, one event
 * loop per thread: a fraction of the CPU autocannon needs on a machine the server shares) wrk runs it, else
 * autocannon; BENCH_GATE_LOADGEN=autocannon|wrk chooses. `openLoop` offers a fixed rate instead, so latency is
 * seen at a rate the server keeps up with: its own generator (wrk has no rate, wrk2 is not packaged, and
 * autocannon's `overallRate` sends each second's requests in a burst), node:https over keep-alive connections, each
 * request due at its slot of a fixed schedule and its latency counted from that slot (a request that waits for
 * a free connection waits in its latency: no coordinated omission).
 */
import { execFile, execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join } from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

export interface Load {
  tool: "wrk" | "wrk, paced" | "autocannon" | "node:https at a fixed rate";
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

export const loadTool = (): "wrk" | "autocannon" => {
  const wanted = process.env.BENCH_GATE_LOADGEN;
  if (wanted === "autocannon" || wanted === "wrk") return wanted;
  return wrkInstalled() ? "wrk" : "autocannon";
};

// wrk's `done` hook prints the figures as one JSON line (latency in microseconds).
// With `thinkMs`, each connection waits a random 0.5–1.5 × thinkMs after each answer (wrk's `delay` hook).
const script = (bodyFile: string, thinkMs?: number) => `
local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
${thinkMs ? `function delay() return math.random(${Math.round(thinkMs / 2)}, ${Math.round((thinkMs * 3) / 2)}) end` : ""}
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"duration":%d,"p50":%d,"p99":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
`;

async function viaWrk(spec: LoadSpec, thinkMs?: number): Promise<Load> {
  const bodyFile = join(spec.tmpDir, "wrk-body.json");
  const scriptFile = join(spec.tmpDir, "wrk-post.lua");
  writeFileSync(bodyFile, spec.body);
  writeFileSync(scriptFile, script(bodyFile, thinkMs));
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

/**
 * Paced: about `rate` requests per second over `connections` connections — with wrk, each connection waiting
 * connections ÷ rate (randomised ±50 %) after each answer, so the rate offered falls only by the latency; else
 * the open loop below.
 */
export const pacedLoop = (spec: LoadSpec, rate: number, tool = loadTool()): Promise<Load> =>
  tool === "wrk" ? viaWrk(spec, (1000 * spec.connections) / rate).then((r) => ({ ...r, tool: "wrk, paced" as const })) : openLoop(spec, rate);

/** Open loop: `rate` requests per second over at most `connections` connections. */
export async function openLoop(spec: LoadSpec, rate: number): Promise<Load> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections, rejectUnauthorized: false });
  const total = Math.round(rate * spec.seconds);
  const latencies = new Float64Array(total);
  let sent = 0;
  let done = 0;
  let errors = 0;
  let non2xx = 0;
  const body = Buffer.from(spec.body);
  const start = performance.now();
  const url = new URL(spec.url);
  await new Promise<void>((resolve) => {
    const finish = (i: number) => {
      latencies[i] = performance.now() - (start + (i * 1000) / rate);
      if (++done === total) resolve();
    };
    const send = (i: number) => {
      let ended = false;
      const end = (failed: boolean) => {
        if (ended) return;
        ended = true;
        if (failed) errors++;
        finish(i);
      };
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", agent, headers: { ...headers, "content-length": body.length } }, (res) => {
        if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
        res.on("data", () => undefined).on("end", () => end(false)).on("error", () => end(true));
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => end(true));
      req.end(body);
    };
    // Every millisecond, send what is due by now.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
      while (sent < due) send(sent++);
      if (sent === total) clearInterval(timer);
    }, 1);
  });
  agent.destroy();
  const sorted = latencies.sort();
  const at = (q: number) => Number(sorted[Math.min(total - 1, Math.floor(q * total))]!.toFixed(2));
  return { tool: "node:https at a fixed rate", requests: total, perSecond: Math.round((total * 1000) / (performance.now() - start)), p50: at(0.5), p99: at(0.99), errors, non2xx };
}
