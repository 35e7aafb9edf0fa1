/**
 * The pull-time gate against a real registry (docker-registry with Basic auth): two test images pushed with
 * skopeo and scanned through the server, a policy that STOPs one (a package deny rule on a package only the
 * rpm image has, read from expected.json), then `skopeo copy` THROUGH the proxy: the allowed image arrives
 * with the source's digest, the STOPped one is refused with DENIED naming the rule, an image never analysed is
 * refused and queued. The registry's own auth passes through (challenge back, credentials forwarded).
 * SQLite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, waitForScan } from "./harness.js";

const run = promisify(execFile);
const CREDS = "tester:pw-proxy-9e2a";
const secretKey = randomBytes(32).toString("base64");
let reg: TestRegistry;
const digests: Record<string, string> = {};

before(async () => {
  reg = await startRegistry({ auth: CREDS });
  const { oci } = testImages();
  const index = JSON.parse(readFileSync(join(oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  for (const [tag, repo] of [["bookworm", "test/bookworm:1"], ["rocky9-rpm", "test/rocky:1"], ["bookworm-arm64", "test/never-scanned:1"]] as const) {
    await pushImage(reg.host, `oci:${oci}:${tag}`, repo, { creds: CREDS });
    digests[repo] = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === tag)!.digest;
  }
});
after(async () => {
  await reg?.stop();
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

/** `skopeo copy` from the proxy into an OCI layout; resolves with the exit code, stderr and the copied manifest digest. */
async function copyThrough(proxyHost: string, repo: string, dir: string): Promise<{ code: number; stderr: string; digest?: string }> {
  const dest = join(dir, repo.replace(/[/:]/g, "_"));
  try {
    await run("skopeo", ["--insecure-policy", "copy", "--quiet", "--src-tls-verify=false", "--src-creds", CREDS, `docker://${proxyHost}/${repo}`, `oci:${dest}:copied`], { timeout: 300_000 });
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stderr: e.stderr ?? String(err) };
  }
  const index = JSON.parse(readFileSync(join(dest, "index.json"), "utf8")) as { manifests: { digest: string }[] };
  return { code: 0, stderr: "", digest: index.manifests[0]!.digest };
}

for (const { kind, make } of adapters) {
  describe(`registry proxy on ${kind}`, () => {
    it("passes blobs and allowed manifests through, refuses a STOPped image with DENIED naming the rule, refuses and queues an unknown one", async () => {
      const t = await make();
      const dir = await mkdtemp(join(tmpdir(), "dredge-proxy-"));
      const denied = testImages().expected["rocky9-rpm"].rpm.find((p) => p.name.startsWith("openssl"))!.name;
      const policy = `version: 1\nrules:\n  - { id: no-${denied}, gate: packages, trigger: deny, params: { name: ${denied} }, action: STOP }\n`;
      try {
        // Scan both images from the registry (its credentials configured), activate the policy.
        const scanning = await startTestServer(t.url, { workers: 1, allowLocalTargets: false, allowRegistries: [reg.host], secretKey });
        try {
          const admin = api(scanning.url, await scanning.token("admin"));
          assert.equal((await admin("POST", "/registries", { host: reg.host, insecure: true, credentials: { username: "tester", password: CREDS.split(":")[1] } })).status, 201);
          for (const repo of ["test/bookworm:1", "test/rocky:1"]) {
            const res = await admin("POST", "/images", { reference: `${reg.host}/${repo}` });
            const scan = await waitForScan(admin, ((await res.json()) as { scanId: string }).scanId);
            assert.deepEqual([scan.state, scan.digest], ["done", digests[repo]], scan.error ?? "");
          }
          assert.equal((await admin("POST", "/policies", { name: "no-openssl-rpm", document: policy, active: true })).status, 201);
        } finally {
          await scanning.dispose();
        }

        // The proxy, on a server without workers: whatever it queues stays queued.
        const server = await startTestServer(t.url, {
          workers: 0, allowLocalTargets: false, secretKey,
          registryProxy: { upstream: reg.url, listen: { host: "127.0.0.1", port: 0 }, unknown: "deny" },
        });
        try {
          const proxy = server.registryProxyUrl!;
          const proxyHost = proxy.replace(/^http:\/\//, "");
          const admin = api(server.url, await server.token("admin"));
          assert.equal(((await (await admin("GET", `/images/${digests["test/rocky:1"]}/check`)).json()) as { finalAction: string }).finalAction, "STOP");
          assert.equal(((await (await admin("GET", `/images/${digests["test/bookworm:1"]}/check`)).json()) as { finalAction: string }).finalAction, "GO");

          // The registry's challenge comes back; no Dredge token is asked for.
          const anonymous = await fetch(`${proxy}/v2/test/rocky/manifests/1`);
          assert.equal(anonymous.status, 401);
          assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Basic /);
          const basic = { authorization: `Basic ${Buffer.from(CREDS).toString("base64")}`, accept: "application/vnd.oci.image.manifest.v1+json" };

          const allowed = await copyThrough(proxyHost, "test/bookworm:1", dir);
          assert.equal(allowed.code, 0, allowed.stderr);
          assert.equal(allowed.digest, digests["test/bookworm:1"], "the copied image is the source's");

          const stopped = await copyThrough(proxyHost, "test/rocky:1", dir);
          assert.notEqual(stopped.code, 0);
          assert.match(stopped.stderr, new RegExp(`denied: Image failed policy check: ${reg.host}/test/rocky:1 \\(1 STOP rule: no-${denied}`));
          const body = await fetch(`${proxy}/v2/test/rocky/manifests/${digests["test/rocky:1"]}`, { headers: basic });
          assert.equal(body.status, 403);
          const errors = ((await body.json()) as { errors: { code: string; message: string }[] }).errors;
          assert.equal(errors[0]!.code, "DENIED");
          assert.match(errors[0]!.message, new RegExp(`no-${denied}`));
          assert.equal((await fetch(`${proxy}/v2/test/rocky/manifests/1`, { method: "HEAD", headers: basic })).status, 403);
          // Its blobs are not the gate's business (a manifest is needed to use them).
          const layer = (JSON.parse(await (await fetch(`${reg.url}/v2/test/rocky/manifests/1`, { headers: basic })).text()) as { layers: { digest: string; size: number }[] }).layers[0]!;
          const ranged = await fetch(`${proxy}/v2/test/rocky/blobs/${layer.digest}`, { headers: { ...basic, range: "bytes=0-9" } });
          assert.ok([200, 206].includes(ranged.status));
          if (ranged.status === 206) assert.equal((await ranged.arrayBuffer()).byteLength, 10);

          const before = await server.db.all<{ target: string }>("SELECT target FROM scans WHERE state = 'queued'");
          const unknown = await copyThrough(proxyHost, "test/never-scanned:1", dir);
          assert.notEqual(unknown.code, 0);
          assert.match(unknown.stderr, /denied: Image not known to Dredge: .*never-scanned:1 \(not analysed; queued for a scan\)/);
          const queued = (await server.db.all<{ target: string }>("SELECT target FROM scans WHERE state = 'queued'")).map((r) => r.target).filter((x) => !before.some((b) => b.target === x));
          assert.deepEqual(queued, [`registry:${reg.host}/test/never-scanned:1@${digests["test/never-scanned:1"]}`]);

          const push = await fetch(`${proxy}/v2/test/x/blobs/uploads/`, { method: "POST", headers: basic });
          assert.equal(push.status, 405);
          assert.equal(((await push.json()) as { errors: { code: string }[] }).errors[0]!.code, "UNSUPPORTED");
        } finally {
          await server.dispose();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
        await t.drop();
      }
    });
  });
}
