import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { runCli } from "../helpers/cli.js";
import { testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const root = resolve(import.meta.dirname, "../..");
const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;

/** `dredge ARGS` in a child process (the TypeScript sources); resolves with the URL the daemon logged. */
function daemon(args: readonly string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const log: string[] = [];
  const started = new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stderr });
    lines.on("line", (line) => {
      log.push(line);
      const url = /"url":"([^"]+)".*"msg":"dredge server started"/.exec(line)?.[1];
      if (url) resolveUrl(url);
      else if (line.includes('"msg":"dredge worker started"')) resolveUrl("");
    });
    void exited.then((code) => reject(new Error(`dredge server exited (${code}) before it started`)));
  });
  return { child, started, exited, log };
}

for (const { kind, make } of adapters) {
  describe(`dredge server on ${kind}`, () => {
    it("creates tokens, serves, scans and stops cleanly on SIGTERM", async () => {
      const t = await make();
      const cache = await mkdtemp(join(tmpdir(), "dredge-cli-server-"));
      let run: ReturnType<typeof daemon> | undefined;
      try {
        const created = await runCli(["server", "token", "create", "--role", "scanner", "--database", t.url, "--cache-dir", cache]);
        assert.equal(created.code, 0, created.stderr);
        const token = created.stdout.trim();
        assert.match(token, /^dredge_[\w-]{43}$/);
        assert.equal((await runCli(["server", "token", "create", "--role", "root", "--database", t.url])).code, 2);
        if (kind === "sqlite") assert.equal((await runCli(["worker", "--database", t.url, "--cache-dir", cache])).code, 2, "workers elsewhere need PostgreSQL");
        const upload = await runCli(["server", "--max-upload", "lots", "--database", t.url, "--cache-dir", cache]);
        assert.equal(upload.code, 2);
        assert.match(upload.stderr, /invalid --max-upload: "lots"/);

        const db = (await fixtureDatabase()).path;
        run = daemon(["server", "--listen", "127.0.0.1:0", "--database", t.url, "--workers", "1", "--allow-local-targets", "--db", db, "--cache-dir", cache], {});
        const call = api(await run.started, token);
        assert.equal((await call("GET", "/health")).status, 200);
        const posted = (await (await call("POST", "/images", { reference: testImages().dockerArchive })).json()) as { scanId: string };
        const scan = await waitForScan(call, posted.scanId);
        assert.equal(scan.state, "done", `${scan.error ?? ""}\n${run.log.join("\n")}`);
        run.child.kill("SIGTERM");
        assert.equal(await run.exited, 0);
        assert.equal((await stat(join(cache, "server", "secret.key"))).mode & 0o777, 0o600, "zero-setup: a key file only its owner may read");

        const badKey = daemon(["server", "--listen", "127.0.0.1:0", "--database", t.url, "--workers", "0", "--db", db, "--cache-dir", cache], { DREDGE_SECRET_KEY: "too-short" });
        badKey.started.catch(() => undefined);
        assert.notEqual(await badKey.exited, 0);
        assert.match(badKey.log.join("\n"), /DREDGE_SECRET_KEY/);
      } finally {
        if (run?.child.exitCode === null) run.child.kill("SIGKILL");
        await rm(cache, { recursive: true, force: true });
        await t.drop();
      }
    });

    if (kind === "postgres") {
      it("dredge worker in another process scans for an API-only server", async () => {
        const t = await make();
        const cache = await mkdtemp(join(tmpdir(), "dredge-cli-worker-"));
        const apiOnly = await startTestServer(t.url, { workers: 0 });
        let run: ReturnType<typeof daemon> | undefined;
        try {
          run = daemon(["worker", "--database", t.url, "--workers", "1", "--db", (await fixtureDatabase()).path, "--cache-dir", cache], {});
          await run.started;
          const call = api(apiOnly.url, await apiOnly.token("scanner"));
          const posted = (await (await call("POST", "/images", { reference: testImages().ociArchive })).json()) as { scanId: string };
          const scan = await waitForScan(call, posted.scanId);
          assert.equal(scan.state, "done", `${scan.error ?? ""}\n${run.log.join("\n")}`);
          assert.equal((await call("GET", `/images/${scan.digest}/vulnerabilities`)).status, 200);
          run.child.kill("SIGTERM");
          assert.equal(await run.exited, 0);
        } finally {
          if (run?.child.exitCode === null) run.child.kill("SIGKILL");
          await apiOnly.dispose();
          await rm(cache, { recursive: true, force: true });
          await t.drop();
        }
      });

      it("a worker process killed with SIGKILL mid-scan: its job completes on another worker", async () => {
        const t = await make();
        const cache = await mkdtemp(join(tmpdir(), "dredge-cli-kill-"));
        const apiOnly = await startTestServer(t.url, { workers: 0 });
        let run: ReturnType<typeof daemon> | undefined;
        let rescuer: Awaited<ReturnType<typeof startTestServer>> | undefined;
        try {
          run = daemon(["worker", "--database", t.url, "--workers", "1", "--lease", "2s", "--db", (await fixtureDatabase()).path, "--cache-dir", cache], {});
          await run.started;
          const call = api(apiOnly.url, await apiOnly.token("scanner"));
          const posted = (await (await call("POST", "/images", { reference: testImages().dockerSaveV25 })).json()) as { scanId: string };
          for (let state = ""; state !== "running"; await new Promise((r) => setTimeout(r, 5))) {
            state = ((await (await call("GET", `/scans/${posted.scanId}`)).json()) as { state: string }).state;
            assert.equal(state === "done" || state === "failed", false, "the scan ended before the worker could be killed");
          }
          run.child.kill("SIGKILL");
          await run.exited;
          rescuer = await startTestServer(t.url, { workers: 1, listen: undefined });
          const scan = await waitForScan(call, posted.scanId);
          assert.deepEqual([scan.state, scan.attempts], ["done", 2], scan.error ?? "");
          const vulns = (await (await call("GET", `/images/${scan.digest}/vulnerabilities`)).json()) as { vulnerabilities: unknown[] };
          assert.ok(vulns.vulnerabilities.length > 0);
        } finally {
          if (run?.child.exitCode === null) run.child.kill("SIGKILL");
          await rescuer?.dispose();
          await apiOnly.dispose();
          await rm(cache, { recursive: true, force: true });
          await t.drop();
        }
      });
    }
  });
}
