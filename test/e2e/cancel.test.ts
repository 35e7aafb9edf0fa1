/**
 * The real CLI (bin/dredge.js → dist/, built by `npm run build`) under SIGTERM and --timeout: it unwinds
 * through the command's cleanup, exits promptly with a clear message, and leaves nothing behind — in the
 * output's directory, in --tmp-dir, or in the system temp dir (TMPDIR points at an empty directory).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";

const bin = resolve(import.meta.dirname, "../../bin/dredge.js");
let work: string;

before(() => void (work = mkdtempSync(join(tmpdir(), "dredge-cancel-e2e-"))));
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>;
}

/** Starts the CLI with a private system temp dir; killed (SIGKILL) if still running after 60 s. */
function startCli(args: string[], dirs: { systemTmp: string }): Run {
  const started = Date.now();
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH, HOME: work, TMPDIR: dirs.systemTmp },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let [stdout, stderr] = ["", ""];
  child.stdout!.on("data", (c: Buffer) => void (stdout += c.toString("utf8")));
  child.stderr!.on("data", (c: Buffer) => void (stderr += c.toString("utf8")));
  const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
  const done = new Promise<Awaited<Run["done"]>>((resolve) =>
    child.once("close", (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
  return { child, done };
}

/** Every file and directory under `dir`, relative. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

function dirs(name: string): { out: string; tmp: string; cache: string; systemTmp: string } {
  const base = join(work, name);
  const d = { out: join(base, "out"), tmp: join(base, "tmp"), cache: join(base, "cache"), systemTmp: join(base, "system-tmp") };
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  return d;
}

const until = async (test: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 600 && !test(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(test(), `timed out waiting for ${what}`);
};

describe("cancellation and temp files, end to end", () => {
  let stalling: Server;
  let url = "";
  before(async () => {
    // Answers every request with the start of a 10 MB body, then nothing: a download that never ends.
    stalling = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/zip", "content-length": String(10_000_000) });
      res.write(Buffer.alloc(256 * 1024, 0x50));
    });
    await new Promise<void>((r) => stalling.listen(0, "127.0.0.1", r));
    const addr = stalling.address();
    url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  });
  after(() => {
    stalling.closeAllConnections();
    stalling.close();
  });

  it("SIGTERM during `db build`: exit 2 within seconds, no temp output, journal or download left", async () => {
    const d = dirs("sigterm");
    const run = startCli(
      ["db", "build", "--output", join(d.out, "dredge.db"), "--source", `osv:npm=${url}/osv`, "--tmp-dir", d.tmp, "--cache-dir", d.cache],
      d,
    );
    // The temp output exists and the download has started writing under --tmp-dir.
    await until(() => tree(d.out).length > 0 && tree(d.tmp).some((p) => p.endsWith("osv-0.zip")), "the build to be under way");
    assert.match(tree(d.out).join(), /^\.dredge\.db\.[0-9a-f]{12}\.tmp$/);
    const signalled = Date.now();
    run.child.kill("SIGTERM");
    const r = await run.done;
    assert.ok(Date.now() - signalled < 5000, `exited ${Date.now() - signalled} ms after SIGTERM`);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: interrupted \(SIGTERM\)$/m);
    assert.deepEqual(tree(d.out), [], "no .dredge.db.*.tmp (or journal) left next to the output");
    assert.deepEqual(tree(d.tmp), [], "the run's temp dir (and the build's scratch) removed");
    assert.deepEqual(tree(d.systemTmp), [], "nothing written to the system temp dir");
  });

  it("--timeout 1s on an image whose rpmdb.sqlite is a recursive-CTE view: finishes at once, warns, writes nothing", async () => {
    const d = dirs("hostile-rpm");
    const rootfs = join(d.out, "rootfs");
    mkdirSync(join(rootfs, "var/lib/rpm"), { recursive: true });
    const db = new Database(":memory:");
    db.exec(`CREATE VIEW Packages AS WITH RECURSIVE r(hnum, blob) AS (SELECT 1, zeroblob(4096) UNION ALL SELECT hnum + 1, blob FROM r)
      SELECT hnum, blob FROM r`);
    writeFileSync(join(rootfs, "var/lib/rpm/rpmdb.sqlite"), db.serialize());
    db.close();
    const run = startCli(["rootfs", rootfs, "--scanners", "secret", "--timeout", "1s", "--tmp-dir", d.tmp, "--cache-dir", d.cache], d);
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    // The report (on stdout) carries the warning.
    assert.match(r.stdout, /\/var\/lib\/rpm\/rpmdb\.sqlite: package database skipped: it defines a view \("Packages"\)/);
    assert.deepEqual(tree(d.tmp), []);
    assert.deepEqual(tree(d.systemTmp), []);
  });
});
