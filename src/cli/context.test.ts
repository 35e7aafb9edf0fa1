/** Where a command writes (--tmp-dir, SQLite's temp files), stale run dirs, and unwinding on cancellation. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../errors.js";
import { createContext, type RunContext } from "./context.js";
import { untilDoneOrAborted } from "./program.js";
import { validateSettings } from "./options.js";
import { globalSettings, pickSettings } from "./settings.js";

const root = mkdtempSync(join(tmpdir(), "dredge-context-test-"));
after(() => rmSync(root, { recursive: true, force: true }));
const io = { stdout: new PassThrough(), stderr: new PassThrough(), env: {} };

function context(settings: Record<string, string | number>): RunContext {
  const flags = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, k === "timeout" ? `${v}ms` : String(v)]));
  return createContext(validateSettings(globalSettings, pickSettings(globalSettings, flags, (k) => k in flags, {}, {})), io);
}

describe("the run's temp dir", () => {
  it("--tmp-dir / DREDGE_TMP_DIR / tmp-dir in dredge.yaml; CACHE_DIR/tmp by default", () => {
    const resolve = (flags: Record<string, unknown>, env: NodeJS.ProcessEnv, file: Record<string, unknown>) =>
      pickSettings(globalSettings, flags, (k) => k in flags, env, file).tmpDir?.value;
    assert.equal(resolve({ tmpDir: "/a" }, { DREDGE_TMP_DIR: "/b" }, { "tmp-dir": "/c" }), "/a");
    assert.equal(resolve({}, { DREDGE_TMP_DIR: "/b" }, { "tmp-dir": "/c" }), "/b");
    assert.equal(resolve({}, {}, { "tmp-dir": "/c" }), "/c");
    const cacheDir = join(root, "cache");
    const ctx = context({ cacheDir });
    try {
      assert.match(ctx.tmpDir, new RegExp(`^${join(cacheDir, "tmp")}/${process.pid}-[0-9a-f]{8}$`));
    } finally {
      ctx.dispose();
    }
    assert.equal(existsSync(ctx.tmpDir), false, "removed by dispose()");
  });

  it("is a private dir under --tmp-dir; runs that died are swept (untouched 15 min), nothing else", () => {
    const tmp = join(root, "tmp");
    const old = new Date(Date.now() - 3600_000);
    for (const name of ["12345-0badc0de", "23456-deadbeef", "keep-me"]) mkdirSync(join(tmp, name, "x"), { recursive: true });
    for (const name of ["12345-0badc0de", "keep-me"]) utimesSync(join(tmp, name), old, old);
    const ctx = context({ cacheDir: join(root, "unused"), tmpDir: tmp });
    try {
      assert.equal(ctx.tmpDir.startsWith(`${tmp}/`), true);
      assert.deepEqual(readdirSync(tmp).sort(), ["23456-deadbeef", "keep-me", ctx.tmpDir.slice(tmp.length + 1)].sort());
      assert.equal(process.env.SQLITE_TMPDIR, tmp, "SQLite's temp files go there too");
    } finally {
      ctx.dispose();
    }
    assert.equal(existsSync(join(root, "unused")), false, "nothing is written to the cache dir");
  });

  it("SQLite's temp files land under --tmp-dir, not /var/tmp (a child process: SQLite reads it once per process)", { skip: process.platform !== "linux" }, () => {
    const tmp = join(root, "sqlite-tmp");
    const code = `
      import { createContext } from "./src/cli/context.ts";
      import Database from "better-sqlite3";
      import { PassThrough } from "node:stream";
      import { readdirSync, readlinkSync } from "node:fs";
      const ctx = createContext({ tmpDir: ${JSON.stringify(tmp)}, cacheDir: ${JSON.stringify(join(root, "c2"))} }, { stdout: new PassThrough(), stderr: new PassThrough(), env: {} });
      const db = new Database(":memory:");
      db.exec("ATTACH DATABASE '' AS scratch; CREATE TABLE scratch.t(x)");
      const put = db.prepare("INSERT INTO scratch.t VALUES (?)");
      db.transaction(() => { for (let i = 0; i < 100000; i++) put.run("x".repeat(200)); })();
      const links = readdirSync("/proc/self/fd").map((f) => { try { return readlinkSync("/proc/self/fd/" + f); } catch { return ""; } });
      process.stdout.write(JSON.stringify(links.filter((l) => l.includes("etilqs"))));
      db.close(); ctx.dispose();`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });
    assert.equal(r.status, 0, r.stderr);
    const files = JSON.parse(r.stdout) as string[];
    assert.ok(files.length > 0, "the temp database spilled to a file");
    for (const f of files) assert.ok(f.startsWith(`${tmp}/etilqs_`), f);
  });
});

describe("an aborted command unwinds before the CLI exits", () => {
  // The --timeout timer does not keep the process alive (unref), and these actions wait on nothing else.
  let keepAlive: NodeJS.Timeout | undefined;
  before(() => void (keepAlive = setInterval(() => undefined, 1000)));
  after(() => clearInterval(keepAlive));

  it("the action's finally blocks run (temp files removed) before the abort error is returned", async () => {
    const ctx = context({ cacheDir: join(root, "c3"), timeout: 50 });
    const steps: string[] = [];
    const action = async (): Promise<number> => {
      try {
        await new Promise((resolve, reject) => ctx.signal.addEventListener("abort", () => setTimeout(() => reject(new Error("stopped")), 100)));
        return 0;
      } finally {
        steps.push("cleanup");
      }
    };
    try {
      await assert.rejects(untilDoneOrAborted(action(), ctx), (err) => isDredgeError(err, "TIMEOUT") && /timed out after 0.05s/.test(err.message));
      assert.deepEqual(steps, ["cleanup"]);
    } finally {
      ctx.dispose();
    }
  });

  it("an action that ignores the signal is given up on after the grace period", async () => {
    const ctx = context({ cacheDir: join(root, "c4"), timeout: 50 });
    const started = Date.now();
    try {
      await assert.rejects(untilDoneOrAborted(new Promise<number>(() => undefined), ctx, 300), (err) => isDredgeError(err, "TIMEOUT"));
      assert.ok(Date.now() - started < 3000);
    } finally {
      ctx.dispose();
    }
  });

  it("an ordinary failure is not turned into an abort", async () => {
    const ctx = context({ cacheDir: join(root, "c5") });
    try {
      await assert.rejects(untilDoneOrAborted(Promise.reject(new Error("boom")), ctx), /boom/);
      assert.equal(await untilDoneOrAborted(Promise.resolve(3), ctx), 3);
    } finally {
      ctx.dispose();
    }
  });
});
