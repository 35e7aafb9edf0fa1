import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { runChild, type ChildEntry } from "./child-process.js";

const dir = mkdtempSync(join(tmpdir(), "dredge-child-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A plain ESM child written by the test (no loader needed). */
function entry(name: string, code: string): ChildEntry {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return { file, execArgv: [] };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runChild", () => {
  it("a child that never returns (a busy loop, like a runaway SQLite statement) is killed at the deadline", async () => {
    const started = Date.now();
    const pids: number[] = [];
    const e = entry("spin", "process.send({ pid: process.pid }); for (;;) {}");
    const onMessage = (m: unknown): boolean => {
      pids.push((m as { pid: number }).pid);
      return false;
    };
    const end = await runChild({ entry: e, args: [], env: {}, deadlineMs: 1500, onMessage });
    assert.deepEqual(end, { kind: "deadline" });
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(pids.length, 1);
    assert.equal(alive(pids[0]!), false, "the child is gone when runChild settles");
  });

  it("an abort kills the child and rejects with CANCELLED", async () => {
    const ac = new AbortController();
    const pids: number[] = [];
    const e = entry("spin2", "process.send({ pid: process.pid }); for (;;) {}");
    const run = runChild({
      entry: e, args: [], env: {}, deadlineMs: 60_000, signal: ac.signal,
      onMessage: (m) => {
        pids.push((m as { pid: number }).pid);
        ac.abort();
        return false;
      },
    });
    await assert.rejects(run, (err) => isDredgeError(err, "CANCELLED"));
    assert.equal(alive(pids[0]!), false);
  });

  it("messages until the last one; args and env are the child's only input", async () => {
    const e = entry("echo", "process.send({ args: process.argv.slice(2), env: process.env.ONLY }); process.send({ last: true });");
    const got: unknown[] = [];
    const end = await runChild({
      entry: e, args: ["a", "b"], env: { ONLY: "x" }, deadlineMs: 30_000,
      onMessage: (m) => {
        got.push(m);
        return (m as { last?: boolean }).last === true;
      },
    });
    assert.deepEqual(end, { kind: "done" });
    assert.deepEqual(got[0], { args: ["a", "b"], env: "x" });
  });

  it("a child that dies first: failed, with its error line", async () => {
    const e = entry("crash", "throw new TypeError('boom');");
    const end = await runChild({ entry: e, args: [], env: {}, deadlineMs: 30_000, onMessage: () => false });
    assert.equal(end.kind, "failed");
    assert.match(end.kind === "failed" ? end.reason : "", /code 1.*TypeError: boom/);
  });
});
