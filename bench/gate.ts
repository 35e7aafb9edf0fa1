/**
 * `npm run bench gate`: the policy gates of issue #17 that answer requests (the policy evaluation itself is
 * the `policy` suite).
 * - Admission: `dredge server --admission-listen` in a child process (SQLite, no workers) answering
 *   AdmissionReviews (a Pod with two containers of the test image by digest: a known image) on loopback with 200
 *   connections for 10 s, the verdict cache warm: closed loop (each connection sends its next review when answered;
 *   wrk when installed, else autocannon: ./loadgen.ts) p50/p99 (goal p99 ≤ 20 ms) and errors (goal 0); then paced at
 *   BENCH_GATE_RATE reviews/s (default 2,000; 0 skips it); CPU per review of the server (its worker processes
 *   included) and of the load generator. BENCH_GATE_LISTENERS=N runs it with `--admission-processes N`.
 * - Registry proxy: `skopeo copy` of the bookworm test image (4 layers, ~70 MB) from a local docker-registry
 *   into an OCI layout, directly and through `--registry-proxy` (the image scanned and allowed), alternating,
 *   median of BENCH_RUNS pairs: the ratio (goal ≤ 1.1×).
 * DREDGE_BENCH_GATE=admission,proxy selects parts; BENCH_GATE_CONNECTIONS (default 200) and BENCH_GATE_SECONDS
 * (default 10) size the admission load:
 *   DREDGE_BENCH_GATE=admission BENCH_GATE_SECONDS=20 npm run bench gate
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { defaultQueueSettings } from "../src/server/queue/types.js";
import { startServer, type RunningServer } from "../src/server/server.js";
import { sqlTokens } from "../src/server/catalog/tokens.js";
import { parseScanOptions } from "../src/scan/index.js";
import { silentLogger } from "../src/util/log.js";
import { buildFixtureDb } from "../test/scan/fixture-db.js";
import { closedLoop, pacedLoop, type Load } from "./loadgen.js";
import { testImages } from "../test/helpers/images.js";
import { freePort, pushImage, startRegistry } from "../test/helpers/registry.js";
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

const SUITE = "gate";
const root = resolve(import.meta.dirname, "..");
const run = promisify(execFile);
const cpuTicks = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  return Number(fields[11]) + Number(fields[12]);
};
/** CPU ticks of `pid` and its live children (cluster workers of the admission listener). */
const serverTicks = (pid: number): number => {
  let children: string[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
  } catch {
    // no children file: the process alone
  }
  return cpuTicks(pid) + children.reduce((sum, c) => sum + cpuTicks(Number(c)), 0);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const policy = "version: 1\nrules:\n  - { id: criticals, gate: vulnerabilities, trigger: severity, params: { min: CRITICAL }, action: STOP }\n  - { id: highs, gate: vulnerabilities, trigger: severity, params: { min: HIGH }, action: WARN }\n";

async function serverWith(ctx: BenchContext, vulnDb: string, extra: Partial<Parameters<typeof startServer>[0]>): Promise<RunningServer & { url: string }> {
  const server = await startServer({
    listen: { host: "127.0.0.1", port: 0 }, database: join(ctx.tmpDir, "catalog.db"), workers: 1, allowLocalTargets: true, allowRegistries: [],
    scanOptions: parseScanOptions({ db: vulnDb, skipDbUpdate: true, offline: true }), queue: defaultQueueSettings, pollMs: 100, drainMs: 2000,
    cacheDir: join(ctx.tmpDir, "cache"), tmpDir: join(ctx.tmpDir, "tmp"), logger: silentLogger, ...extra,
  });
  return { ...server, url: server.url! };
}

/** Scans `reference` and activates the bench policy; returns the image digest. */
async function scanAndActivate(server: RunningServer & { url: string }, reference: string): Promise<string> {
  const token = (await sqlTokens(server.db).create("admin")).token;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return (await res.json()) as Record<string, unknown>;
  };
  const { scanId, detail } = (await call("POST", "/images", { reference })) as { scanId?: string; detail?: string };
  if (!scanId) throw new Error(`POST /images ${reference}: ${detail}`);
  for (;;) {
    const scan = (await call("GET", `/scans/${scanId}`)) as { state: string; digest: string; error: string | null };
    if (scan.state === "failed") throw new Error(`scan failed: ${scan.error}`);
    if (scan.state === "done") {
      await call("POST", "/policies", { name: "bench", document: policy, active: true });
      return scan.digest;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function admission(ctx: BenchContext, vulnDb: string): Promise<BenchRow[]> {
  const scanning = await serverWith(ctx, vulnDb, {});
  let digest: string;
  try {
    digest = await scanAndActivate(scanning, testImages().ociArchive);
  } finally {
    await scanning.close();
  }
  const cert = join(ctx.tmpDir, "webhook.crt");
  const key = join(ctx.tmpDir, "webhook.key");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=bench",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert], { stdio: "ignore" });
  const port = await freePort();
  const listeners = Number(process.env.BENCH_GATE_LISTENERS ?? 1);
  const args = ["server", "--database", join(ctx.tmpDir, "catalog.db"), "--workers", "0", "--listen", "127.0.0.1:0", "--cache-dir", join(ctx.tmpDir, "cache"),
    "--db", vulnDb, "--skip-db-update", "--offline", "--admission-listen", `127.0.0.1:${port}`, "--admission-tls-cert", cert, "--admission-tls-key", key, "--admission-tag-ttl", "0",
    ...(listeners > 1 ? ["--admission-processes", String(listeners)] : [])];
  const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;
  // BENCH_GATE_PROFILE=DIR: the server writes a V8 CPU profile of the run there (node --cpu-prof) when it stops.
  const profile = process.env.BENCH_GATE_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", resolve(process.env.BENCH_GATE_PROFILE)] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { PATH: process.env.PATH } });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    await new Promise<void>((ok, fail) => {
      createInterface({ input: child.stderr! }).on("line", (line) => line.includes("dredge server started") && ok());
      void exited.then(() => fail(new Error("dredge server exited before it started")));
    });
    const sample = JSON.parse(readFileSync(join(root, "../shared/fixtures/payloads/kubernetes-admission/kubewarden-no_privileged_containers.json"), "utf8")) as { object: { spec: { containers: { image: string }[] } } };
    sample.object.spec.containers.forEach((c, i) => (c.image = `registry.example/app${i}@${digest}`));
    const body = JSON.stringify({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: sample });
    const url = `https://127.0.0.1:${port}/admission/v1/validate`;
    const warm = await autocannon({ url, method: "POST", body, headers: { "content-type": "application/json" }, connections: 4, amount: 200 });
    if (warm.non2xx || warm.errors) throw new Error(`warm-up failed: non-2xx ${warm.non2xx}, errors ${warm.errors}`);
    const connections = Number(process.env.BENCH_GATE_CONNECTIONS ?? 200);
    const seconds = Number(process.env.BENCH_GATE_SECONDS ?? 10);
    const spec = { url, body, connections, seconds, tmpDir: ctx.tmpDir };
    // The server's CPU per review (utime + stime, 100 Hz, its cluster workers included): what the machine's load does not inflate much.
    // And the load generator's: this process (autocannon) and its waited-for children (wrk).
    const generatorTicks = () => {
      const f = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
      return Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    };
    const measured = async (load: () => Promise<Load>) => {
      const cpu0 = serverTicks(child.pid!);
      const gen0 = generatorTicks();
      const r = await load();
      const per = (ticks: number) => (ticks * 10) / Math.max(1, r.requests);
      return { ...r, cpuMs: per(serverTicks(child.pid!) - cpu0), generatorMs: per(generatorTicks() - gen0) };
    };
    const closed = await measured(() => closedLoop(spec));
    const rate = Number(process.env.BENCH_GATE_RATE ?? 2000);
    const open = rate > 0 ? await measured(() => pacedLoop(spec, rate)) : undefined;
    const load = loadavg().map((l) => l.toFixed(1)).join(" ");
    const line = (what: string, r: Load & { cpuMs: number; generatorMs: number }) =>
      `${what} (${r.tool}): ${r.requests} reviews (${r.perSecond}/s), p50 ${r.p50} ms, p99 ${r.p99} ms, errors and timeouts ${r.errors}, non-2xx ${r.non2xx}; ` +
      `CPU per review: server ${r.cpuMs.toFixed(3)} ms, load generator ${r.generatorMs.toFixed(3)} ms`;
    ctx.log(`admission: load average ${load}; ${listeners} listener process(es); ${connections} connections`);
    ctx.log(line("closed loop, each connection sends its next review when answered (goal p99 ≤ 20 ms, 0 errors)", closed));
    if (open) ctx.log(line(`paced, ~${rate} reviews/s offered over ${connections} connections (each waits ${Math.round((1000 * connections) / rate)} ms ± 50 % after an answer with wrk; a fixed-rate open loop without)`, open));
    const errors = closed.errors + closed.non2xx;
    return [
      { suite: SUITE, name: `admission p50, ${connections} connections, known images`, value: closed.p50, unit: "ms" },
      { suite: SUITE, name: `admission p99, ${connections} connections, known images`, value: closed.p99, unit: "ms", target: "≤ 20 ms", ok: closed.p99 <= 20 },
      { suite: SUITE, name: `admission errors, ${connections} connections`, value: errors, unit: "", target: "0", ok: errors === 0 },
      { suite: SUITE, name: "admission reviews per second", value: closed.perSecond, unit: "/s" },
      { suite: SUITE, name: "admission server CPU per review", value: closed.cpuMs, unit: "ms" },
      ...(open
        ? [
            { suite: SUITE, name: `admission p50, ${rate}/s offered (paced)`, value: open.p50, unit: "ms" },
            { suite: SUITE, name: `admission p99, ${rate}/s offered (paced)`, value: open.p99, unit: "ms" },
            { suite: SUITE, name: `admission errors, ${rate}/s offered (paced)`, value: open.errors + open.non2xx, unit: "" },
          ]
        : []),
    ];
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

async function proxy(ctx: BenchContext, vulnDb: string): Promise<BenchRow[]> {
  const reg = await startRegistry();
  try {
    await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, "bench/bookworm:1");
    const server = await serverWith(ctx, vulnDb, {
      database: join(ctx.tmpDir, "proxy.db"), allowLocalTargets: false, allowRegistries: [reg.host],
      registryProxy: { upstream: reg.url, listen: { host: "127.0.0.1", port: 0 }, unknown: "deny" },
    });
    try {
      await scanAndActivate(server, `${reg.host}/bench/bookworm:1`);
      const proxyHost = server.registryProxyUrl!.replace(/^http:\/\//, "");
      const copy = async (host: string): Promise<number> => {
        const dest = join(ctx.tmpDir, "copy");
        const t0 = performance.now();
        await run("skopeo", ["--insecure-policy", "copy", "--quiet", "--src-tls-verify=false", `docker://${host}/bench/bookworm:1`, `oci:${dest}:x`], { timeout: 300_000 });
        const ms = performance.now() - t0;
        await rm(dest, { recursive: true, force: true });
        return ms;
      };
      await copy(proxyHost); // allowed: a denial would throw here
      const runs = Number(process.env.BENCH_RUNS ?? 5);
      const direct: number[] = [];
      const through: number[] = [];
      for (let i = 0; i < runs; i++) {
        direct.push(await copy(reg.host));
        through.push(await copy(proxyHost));
      }
      const ratio = median(through) / median(direct);
      ctx.log(`proxy: load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; direct ${direct.map((x) => x.toFixed(0)).join(", ")} ms; through the proxy ${through.map((x) => x.toFixed(0)).join(", ")} ms`);
      return [
        { suite: SUITE, name: "skopeo copy bookworm through the registry proxy", value: median(through), unit: "ms", ratio, baseline: "of a direct copy", target: "≤ 1.1×", ok: ratio <= 1.1 },
        { suite: SUITE, name: "skopeo copy bookworm directly", value: median(direct), unit: "ms" },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await reg.stop();
  }
}

export const gateSuite: BenchSuite = {
  id: SUITE,
  async run(ctx) {
    const parts = (process.env.DREDGE_BENCH_GATE ?? "admission,proxy").split(",");
    const vulnDb = await buildFixtureDb(ctx.tmpDir);
    const rows: BenchRow[] = [];
    if (parts.includes("admission")) rows.push(...(await admission(ctx, vulnDb)));
    if (parts.includes("proxy")) rows.push(...(await proxy(ctx, vulnDb)));
    return rows;
  },
};
