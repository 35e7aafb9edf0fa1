/**
 * A process of `--admission-processes` (./processes.ts): the admission listener, its deps answered by the server
 * process over the IPC channel. Verdicts are remembered here per digest for `WORKER_VERDICT_MS` (the server's
 * `forget` drops them at once); a check already on its way is shared.
 */
import { errorMessage } from "../../errors.js";
import type { ImageReference } from "../../image/reference.js";
import type { Logger } from "../../util/log.js";
import type { Verdict } from "../verdicts.js";
import type { AdmissionDeps } from "./decide.js";
import { startAdmissionListener, type AdmissionListener } from "./listener.js";
import type { FromWorker, ToWorker } from "./processes.js";
import type { TagResolution } from "./tags.js";

/** How long a worker answers a digest's verdict without asking the server process (which remembers it for 2 s). */
export const WORKER_VERDICT_MS = 1000;
const MAX_REMEMBERED = 2000;

const send = (m: FromWorker) => {
  if (process.connected) process.send!(m);
};

let nextId = 1;
const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
const call = <T>(method: Extract<FromWorker, { type: "call" }>["method"], args: unknown[]): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    send({ type: "call", id, method, args } as FromWorker);
  });

const remembered = new Map<string, { verdict: Promise<Verdict>; until: number }>();
function check(digest: string): Promise<Verdict> {
  const hit = remembered.get(digest);
  if (hit && Date.now() < hit.until) return hit.verdict;
  const verdict = call<Verdict>("check", [digest]);
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  const entry = { verdict, until: Number.POSITIVE_INFINITY };
  remembered.set(digest, entry);
  verdict.then(
    (v) => {
      entry.until = v.status === "no-policy" ? 0 : Date.now() + WORKER_VERDICT_MS;
    },
    () => remembered.get(digest) === entry && remembered.delete(digest),
  );
  return verdict;
}

const logger: Logger = {
  debug: (msg, fields) => send({ type: "log", level: "debug", msg, ...(fields ? { fields } : {}) }),
  info: (msg, fields) => send({ type: "log", level: "info", msg, ...(fields ? { fields } : {}) }),
  warn: (msg, fields) => send({ type: "log", level: "warn", msg, ...(fields ? { fields } : {}) }),
  error: (msg, fields) => send({ type: "log", level: "error", msg, ...(fields ? { fields } : {}) }),
};

let listener: AdmissionListener | undefined;

async function init(m: Extract<ToWorker, { type: "init" }>): Promise<void> {
  const deps: AdmissionDeps = {
    settings: m.settings,
    check,
    ...(m.resolvesTags ? { resolveTag: (ref: ImageReference) => call<TagResolution>("resolveTag", [ref]) } : {}),
    breakGlassNamespaces: () => call<readonly string[] | undefined>("breakGlassNamespaces", []),
    enqueue: (reference) => call<void>("enqueue", [reference]),
    logger,
  };
  try {
    listener = await startAdmissionListener(m.listen, m.tls, deps);
    send({ type: "listening", url: listener.url });
  } catch (err) {
    send({ type: "failed", error: errorMessage(err) });
    process.disconnect();
  }
}

let closing: Promise<void> | undefined;
const close = (): Promise<void> => (closing ??= (listener?.close() ?? Promise.resolve()).then(() => {
  if (process.connected) process.disconnect();
}));

process.on("message", (m: ToWorker) => {
  if (m.type === "init") void init(m);
  else if (m.type === "reply") {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.value);
    else w?.reject(new Error(m.error));
  } else if (m.type === "forget") remembered.clear();
  else if (m.type === "close") void close();
});
// A terminal's Ctrl-C or a signal to the process group reaches the workers too: the server process stops them
// (after its own drain), or its going away does.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => undefined);
send({ type: "ready" });
// The server process went away: nothing can be answered any more (the process ends with its listener).
process.on("disconnect", () => void close());
