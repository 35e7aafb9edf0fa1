/**
 * Work on untrusted input that may not return (a synchronous SQLite statement cannot be interrupted from
 * JavaScript, nor can a worker thread running one be terminated) runs in a child process that is killed
 * at a deadline or when the caller's signal aborts. The parent always waits for the child to be gone
 * before it settles, so the caller can then remove the files it gave the child.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cancelledError as cancelled } from "./abort.js";

export interface ChildEntry {
  file: string;
  execArgv: string[];
}

/**
 * The entry module `name` next to `moduleUrl`: the compiled `name.js` when running from dist/, the
 * TypeScript source (loaded with tsx, as the parent is) when running from source.
 */
export function childEntry(moduleUrl: string, name: string): ChildEntry {
  const fromSource = moduleUrl.endsWith(".ts");
  const file = fileURLToPath(new URL(`./${name}.${fromSource ? "ts" : "js"}`, moduleUrl));
  return { file, execArgv: fromSource ? ["--import", import.meta.resolve("tsx")] : [] };
}

/** `done`: the child sent its last message. `deadline`: killed at the deadline. `failed`: it died first. */
export type ChildEnd = { kind: "done" } | { kind: "deadline" } | { kind: "failed"; reason: string };

export interface RunChildOptions {
  entry: ChildEntry;
  args: readonly string[];
  /** The child's whole environment (nothing of the parent's is passed: no credentials). */
  env: Record<string, string>;
  deadlineMs: number;
  signal?: AbortSignal | undefined;
  /** Each message (structured clone); returns true when it was the last. A throw kills the child. */
  onMessage(message: unknown): boolean;
}

const STDERR_KEPT = 2000;

/** Resolves once the child has exited; rejects with CANCELLED when `signal` aborts (the child is killed). */
export function runChild(o: RunChildOptions): Promise<ChildEnd> {
  if (o.signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const child = fork(o.entry.file, [...o.args], {
      execArgv: o.entry.execArgv,
      env: o.env,
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let outcome: { end: ChildEnd } | { error: unknown } | undefined;
    let stderr = "";
    const stop = (result: { end: ChildEnd } | { error: unknown }): void => {
      outcome ??= result;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop({ end: { kind: "deadline" } }), o.deadlineMs);
    const onAbort = (): void => stop({ error: cancelled() });
    o.signal?.addEventListener("abort", onAbort, { once: true });
    child.stderr?.on("data", (c: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += c.toString("utf8").slice(0, STDERR_KEPT - stderr.length);
    });
    child.on("message", (m: unknown) => {
      if (outcome) return;
      try {
        if (o.onMessage(m)) stop({ end: { kind: "done" } });
      } catch (err) {
        stop({ error: err });
      }
    });
    const settle = (code: number | null, sig: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      const r = outcome ?? { end: { kind: "failed", reason: `it exited early (${sig ?? `code ${code}`})${stderr ? `: ${firstLine(stderr)}` : ""}` } };
      if ("error" in r) reject(r.error);
      else resolve(r.end);
    };
    child.once("close", settle);
    child.once("error", (err) => {
      // A child that could not start emits no "close".
      if (child.pid === undefined) {
        outcome ??= { end: { kind: "failed", reason: `it could not start: ${err.message}` } };
        settle(null, null);
      } else stop({ end: { kind: "failed", reason: err.message } });
    });
  });
}

/** The error line of a crash report ("Error: …"), else its first line. */
function firstLine(s: string): string {
  const lines = s.split("\n").map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0] ?? "";
}
