/**
 * End to end with the registry itself, both storage adapters:
 * - Debian's docker-registry sends its own notifications: started by ../shared/tools/start-test-registry.sh
 *   with `-n URL -i`, then — the script sets no notification headers, so it cannot carry the hook's shared
 *   secret — stopped, its config.yml given `headers: {Authorization: [SECRET]}` on the endpoint (what
 *   docs/registries.md tells operators to write) and started again on it. `skopeo copy` into it → the
 *   registry's notification → a scan of the pushed digest is done, with no sample payload and no other action.
 * - The `Bearer` registry token Harbor may pass: the script has no token auth, so a loopback token front in
 *   this test (401 with a Bearer challenge unless `Authorization: Bearer TOKEN`) forwards to the real registry;
 *   a Harbor scan request carrying `Bearer TOKEN` completes, one with a wrong token fails.
 */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer, request as httpRequest } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { sharedDir, testImages } from "../helpers/images.js";
import { freePort, pushImage } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, startTestServer } from "./harness.js";

const run = promisify(execFile);
const SECRET = "registry-notify-secret-8e21";
const TOKEN = "registry-bearer-token-77c0";
const images = testImages();
const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
const digestOf = (name: string) => index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === name)!.digest;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function stopPid(pid: number): Promise<void> {
  if (alive(pid)) process.kill(pid, "SIGTERM");
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, "SIGKILL");
}

/** The script's registry with notifications to `notify`, restarted on its config with the secret header added. */
async function notifyingRegistry(port: number, notify: string): Promise<{ host: string; stop(): Promise<void> }> {
  const { stdout } = await run("bash", [join(sharedDir, "tools/start-test-registry.sh"), String(port), "-n", notify, "-i"], { timeout: 60_000 });
  const vars = Object.fromEntries(stdout.split("\n").map((l) => /^([A-Z_]+)=(.*)$/.exec(l.trim())).filter((m) => m !== null).map((m) => [m[1], m[2]]));
  const dir = vars.REGISTRY_DIR!;
  await stopPid(Number(vars.REGISTRY_PID));
  const config = readFileSync(join(dir, "config.yml"), "utf8");
  const withHeader = config.replace(/^(\s+)url: (.+)$/m, `$1url: $2\n$1headers:\n$1  Authorization: [${SECRET}]`);
  assert.notEqual(withHeader, config, "the notification endpoint is in the script's config");
  writeFileSync(join(dir, "config.yml"), withHeader);
  const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], { stdio: "ignore", detached: true });
  child.unref();
  const pid = child.pid!;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/v2/`).then((r) => r.status === 200, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host: `127.0.0.1:${port}`, stop: async () => (await stopPid(pid), await rm(dir, { recursive: true, force: true })) };
}

/** A token-auth front for `upstream`: Bearer TOKEN or a 401 Bearer challenge; everything else is forwarded. */
async function tokenFront(upstream: string): Promise<{ host: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization ?? "");
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { "www-authenticate": `Bearer realm="http://${upstream}/token",service="test"`, "content-type": "application/json" });
      return void res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    const [host, port] = upstream.split(":");
    const { authorization: _a, ...headers } = req.headers;
    const out = httpRequest({ host, port: Number(port), method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  return { host: `127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let cleanup: (() => Promise<void>)[] = [];
before(() => {
  cleanup = [];
});
after(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
});

for (const { kind, make } of adapters) {
  describe(`the registry's own push notifications on ${kind}`, () => {
    it("skopeo copy into docker-registry → its notification → the pushed digest is scanned", async () => {
      const t = await make();
      const port = await freePort();
      const host = `127.0.0.1:${port}`;
      const server = await startTestServer(t.url, { workers: 1, allowLocalTargets: false, allowRegistries: [host], hookSecrets: { distribution: SECRET } });
      try {
        const reg = await notifyingRegistry(port, `${server.url}/hooks/distribution`);
        cleanup.push(reg.stop);
        const reader = api(server.url, await server.token("reader"));
        const digest = digestOf("bookworm");
        assert.equal((await reader("GET", `/images/${digest}`)).status, 404);
        await pushImage(reg.host, `oci:${images.oci}:bookworm`, "pushed/app:1.0");
        const scans = () => server.db.all<{ target: string; lane: string; state: string }>("SELECT target, lane, state FROM scans");
        const done = await until("the scan of the pushed image", scans, (rows) => rows.some((r) => r.state === "done"));
        assert.deepEqual(done.map((r) => [r.target, r.lane, r.state]), [[`registry:${host}/pushed/app@${digest}`, "push", "done"]], "one scan, of the digest, from the registry's notification");
        const image = (await (await reader("GET", `/images/${digest}`)).json()) as { reference: string };
        assert.match(image.reference, new RegExp(`^${host}/pushed/app`));
        await reg.stop();
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });

  describe(`a Bearer registry token from Harbor on ${kind}`, () => {
    it("pulls through a token-auth front with the Bearer token Harbor passes; a wrong token fails", async () => {
      const t = await make();
      const { startRegistry } = await import("../helpers/registry.js");
      const reg = await startRegistry();
      cleanup.push(reg.stop);
      await pushImage(reg.host, `oci:${images.oci}:rocky9-rpm`, "harbor/rocky:1");
      const front = await tokenFront(reg.host);
      cleanup.push(front.close);
      const server = await startTestServer(t.url, { workers: 1, allowLocalTargets: false });
      try {
        const token = await server.token("scanner");
        const digest = digestOf("rocky9-rpm");
        const scan = async (authorization: string, dig: string) => {
          const body = { registry: { url: `http://${front.host}`, authorization }, artifact: { repository: "harbor/rocky", digest: dig } };
          const res = await fetch(`${server.url}/harbor/api/v1/scan`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
          assert.equal(res.status, 202);
          return ((await res.json()) as { id: string }).id;
        };
        const report = (id: string) =>
          until("the report", () => fetch(`${server.url}/harbor/api/v1/scan/${id}/report`, { redirect: "manual", headers: { authorization: `Bearer ${token}`, accept: "application/vnd.security.vulnerability.report; version=1.1" } }), (r) => r.status !== 302);
        const ok = await report(await scan(`Bearer ${TOKEN}`, digest));
        assert.equal(ok.status, 200, await ok.clone().text());
        assert.equal(((await ok.json()) as { artifact: { digest: string } }).artifact.digest, digest);
        assert.ok(front.seen.includes(`Bearer ${TOKEN}`), "the registry saw Harbor's token");
        // An undigested image (not analysed yet) with a wrong token: the registry refuses, the scan fails.
        await pushImage(reg.host, `oci:${images.oci}:bookworm`, "harbor/rocky:2");
        const bad = await report(await scan("Bearer not-the-token", digestOf("bookworm")));
        assert.equal(bad.status, 500);
        assert.match(await bad.text(), /the scan failed/);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
