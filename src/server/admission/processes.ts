/**
 * `--admission-processes N` (N > 1): the admission listener served by N processes sharing its port (node:cluster;
 * the server process accepts the connections and hands them out round-robin), so TLS, HTTP and JSON of the
 * reviews run on every core. The server process stays the only one with the catalog: a worker asks it for a
 * verdict over the IPC channel (./admission-worker.ts) and remembers the answer for `WORKER_VERDICT_MS`; every
 * write that drops the server's own remembered verdicts (a catalog or policy write: ../verdicts.ts `forget`)
 * is sent to the workers, which drop theirs. Tag resolution, break-glass namespaces, scan requests and logging
 * go to the server process too. A worker that dies is replaced.
 */
import cluster, { type Worker } from "node:cluster";
import { DredgeError, errorMessage } from "../../errors.js";
import { childEntry } from "../../util/child-process.js";
import { loadTls, type TlsFiles } from "../http/tls.js";
import type { AdmissionDeps } from "./decide.js";
import type { AdmissionListener } from "./listener.js";
import type { ImageReference } from "../../image/reference.js";

export const MAX_ADMISSION_PROCESSES = 64;

/** What the server process sends a worker. */
export type ToWorker =
  | { type: "init"; listen: { host: string; port: number }; tls: TlsFiles; settings: AdmissionDeps["settings"]; resolvesTags: boolean }
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: string }
  | { type: "forget" }
  | { type: "close" };

/** What a worker sends the server process. */
export type FromWorker =
  | { type: "ready" }
  | { type: "listening"; url: string }
  | { type: "failed"; error: string }
  | { type: "call"; id: number; method: "check"; args: [string] }
  | { type: "call"; id: number; method: "resolveTag"; args: [ImageReference] }
  | { type: "call"; id: number; method: "breakGlassNamespaces"; args: [] }
  | { type: "call"; id: number; method: "enqueue"; args: [string] }
  | { type: "log"; level: "debug" | "info" | "warn" | "error"; msg: string; fields?: Record<string, unknown> };

export interface AdmissionProcesses extends AdmissionListener {
  /** Drops the verdicts the workers remember. */
  forget(): void;
}

type Call = Extract<FromWorker, { type: "call" }>;

async function answer(deps: AdmissionDeps, call: Call): Promise<unknown> {
  switch (call.method) {
    case "check":
      return deps.check(call.args[0]);
    case "resolveTag":
      if (!deps.resolveTag) throw new Error("tags are not resolved");
      return deps.resolveTag(call.args[0]);
    case "breakGlassNamespaces":
      return deps.breakGlassNamespaces?.();
    case "enqueue":
      return deps.enqueue(call.args[0]);
  }
}

function serve(worker: Worker, deps: AdmissionDeps): void {
  worker.on("message", (m: FromWorker) => {
    if (m.type === "log") return deps.logger[m.level](m.msg, { ...m.fields, admissionWorker: worker.id });
    if (m.type !== "call") return;
    const reply = (r: ToWorker) => worker.isConnected() && worker.send(r);
    answer(deps, m).then(
      (value) => reply({ type: "reply", id: m.id, ok: true, value }),
      (err: unknown) => reply({ type: "reply", id: m.id, ok: false, error: errorMessage(err) }),
    );
  });
}

/** Forks a worker and resolves with its listener's URL once it listens. */
function fork(init: ToWorker, deps: AdmissionDeps): Promise<{ worker: Worker; url: string }> {
  const worker = cluster.fork();
  serve(worker, deps);
  return new Promise((resolve, reject) => {
    const onMessage = (m: FromWorker) => {
      // Sent once the worker listens for messages (one sent before would be lost).
      if (m.type === "ready") return void worker.send(init);
      if (m.type === "listening") resolve({ worker, url: m.url });
      else if (m.type === "failed") reject(new DredgeError("USAGE", `the admission listener did not start: ${m.error}`));
      else return;
      worker.off("message", onMessage).off("exit", onExit);
    };
    const onExit = (code: number | null) => reject(new Error(`an admission worker process exited (${code}) before it listened`));
    worker.on("message", onMessage).once("exit", onExit);
  });
}

export async function startAdmissionProcesses(listen: { host: string; port: number }, tls: TlsFiles, deps: AdmissionDeps, processes: number): Promise<AdmissionProcesses> {
  loadTls(tls); // a bad pair is refused here, with the usual message
  const entry = childEntry(import.meta.url, "admission-worker");
  cluster.setupPrimary({ exec: entry.file, execArgv: entry.execArgv, args: [], serialization: "advanced" });
  const workers = new Set<Worker>();
  let closing = false;
  // Every worker listens on the same address: node:cluster gives them one shared socket (one port, also for port 0).
  const init: ToWorker = { type: "init", listen, tls, settings: deps.settings, resolvesTags: deps.resolveTag !== undefined };
  const keep = (worker: Worker) => {
    workers.add(worker);
    worker.once("exit", (code, signal) => {
      workers.delete(worker);
      if (closing) return;
      deps.logger.error("an admission worker process exited; starting another", { code, signal });
      fork(init, deps).then((w) => keep(w.worker), (err: unknown) => deps.logger.error("an admission worker process did not start", { error: errorMessage(err) }));
    });
  };
  const started = await Promise.allSettled(Array.from({ length: processes }, () => fork(init, deps)));
  for (const s of started) if (s.status === "fulfilled") keep(s.value.worker);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    closing = true;
    for (const w of workers) w.kill();
    throw failed.reason;
  }
  return {
    url: (started[0] as PromiseFulfilledResult<{ url: string }>).value.url,
    forget: () => {
      for (const w of workers) if (w.isConnected()) w.send({ type: "forget" } satisfies ToWorker);
    },
    close: async () => {
      closing = true;
      await Promise.all([...workers].map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) return resolve();
        const timer = setTimeout(() => w.kill(), 5000);
        w.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        if (w.isConnected()) w.send({ type: "close" } satisfies ToWorker);
        else w.kill();
      })));
    },
  };
}
