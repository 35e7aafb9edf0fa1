/**
 * `dredge db build|push|update|status` end to end: feeds from the loopback feed server, a real registry
 * (docker-registry), a tampering proxy in front of it, and `ensureDatabase` as a scan calls it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { isDredgeError } from "../../src/errors.js";
import { buildDatabase } from "../../src/db/build.js";
import type { DatabaseStatus } from "../../src/db/status.js";
import { dbRoot, ensureDatabase, POINTER_FILE, readInstalled, updateDatabase } from "../../src/db/distribution/index.js";
import { memoryLogger, silentLogger } from "../../src/util/log.js";
import { SCHEMA_VERSION } from "../../src/db/schema.js";
import { runCli } from "../helpers/cli.js";
import { feedsDir, startFeedServer, type FeedServer } from "../helpers/feed-server.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { startProxy, upstreamBytes, type TestServer } from "../helpers/registry-proxy.js";

let feeds: FeedServer;
let reg: TestRegistry;
let work: string;
const proxies: TestServer[] = [];
const dir = (name: string): string => join(work, name);

before(async () => {
  work = mkdtempSync(join(tmpdir(), "dredge-db-e2e-"));
  feeds = await startFeedServer();
  reg = await startRegistry();
});
after(async () => {
  for (const p of proxies) await p.close();
  await feeds?.close();
  await reg?.stop();
  rmSync(work, { recursive: true, force: true });
});

const sources = (): string[] => [
  "--source", `kev=${feeds.url}/kev/known_exploited_vulnerabilities.json`,
  "--source", `alpine=${feeds.url}/alpine`,
  "--source", `osv:npm=${feeds.url}/osv`,
];

async function cli(...args: string[]): Promise<string> {
  const r = await runCli(args);
  assert.equal(r.code, 0, `dredge ${args.join(" ")}\n${r.stderr}`);
  return r.stdout;
}

async function status(...args: string[]): Promise<DatabaseStatus & { installed?: { shards: { group: string }[]; manifestDigest: string } }> {
  return JSON.parse(await cli("db", "status", "--format", "json", ...args)) as DatabaseStatus & { installed?: { shards: { group: string }[]; manifestDigest: string } };
}

/** What must survive a round trip through the registry: sources and namespace row counts. */
const content = (s: DatabaseStatus) => ({ builtAt: s.builtAt, sources: s.sources, namespaces: s.namespaces });

const leftovers = (cacheDir: string): string[] => readdirSync(dbRoot(cacheDir)).filter((n) => n.startsWith("."));

async function manifestLayers(repoTag: string): Promise<{ digest: string; size: number; annotations: Record<string, string> }[]> {
  const [repo, tag] = repoTag.split(":");
  const m = await upstreamBytes(reg.url, `/v2/${repo}/manifests/${tag}`, "application/vnd.oci.image.manifest.v1+json");
  assert.equal(m.status, 200);
  return (JSON.parse(m.body.toString("utf8")) as { layers: { digest: string; size: number; annotations: Record<string, string> }[] }).layers;
}

describe("dredge db", () => {
  let statusA: DatabaseStatus;

  it("db build writes the database and prints per-source counts; db status --db shows them", async () => {
    const out = JSON.parse(await cli("db", "build", "--output", dir("a.db"), "--format", "json", "--cache-dir", dir("c0"), ...sources())) as {
      sources: { name: string; stored: number; skipped: number; warnings: number }[];
    };
    assert.deepEqual(out.sources.map((s) => s.name), ["kev", "alpine", "osv:npm"]);
    const kevFixture = JSON.parse(readFileSync(join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json"), "utf8")) as { vulnerabilities: unknown[] };
    assert.equal(out.sources[0]!.stored + out.sources[0]!.skipped, kevFixture.vulnerabilities.length);
    for (const s of out.sources) assert.ok(s.stored > 0, `${s.name} stored records`);
    const text = await cli("db", "build", "--output", dir("a-text.db"), "--cache-dir", dir("c0"), "--quiet", ...sources());
    assert.match(text, /^source\s+records\s+stored\s+skipped\s+warnings/m);
    assert.match(text, new RegExp(`^kev\\s+${out.sources[0]!.stored + out.sources[0]!.skipped}\\s+${out.sources[0]!.stored}\\s`, "m"));

    statusA = await status("--db", dir("a.db"), "--cache-dir", dir("c0"));
    assert.deepEqual(statusA.sources.map((s) => [s.name, s.stored]).sort(), out.sources.map((s) => [s.name, s.stored]).sort());
    assert.ok(statusA.namespaces.some((n) => n.namespace.startsWith("alpine:")));
    assert.ok(statusA.namespaces.some((n) => n.namespace === "npm"));
    const human = await cli("db", "status", "--db", dir("a.db"), "--cache-dir", dir("c0"));
    assert.match(human, new RegExp(`^schema:\\s+${SCHEMA_VERSION}$`, "m"));
    assert.match(human, /^osv:npm\s+\d+/m);
  });

  it("db push, then db update into a fresh cache: db status shows the same database", async () => {
    const pushed = await cli("db", "push", `${reg.host}/dredge/db:1`, "--db", dir("a.db"), "--cache-dir", dir("c0"));
    assert.match(pushed, /pushed 127\.0\.0\.1:\d+\/dredge\/db@sha256:[0-9a-f]{64} \(3 shards/);
    const layers = await manifestLayers("dredge/db:1");
    assert.deepEqual(layers.map((l) => l.annotations["dev.dredge.db.shard"]).sort(), ["alpine", "common", "npm"]);

    const updated = await cli("db", "update", "--db-repository", `${reg.host}/dredge/db:1`, "--cache-dir", dir("ca"));
    assert.match(updated, /^updated the vulnerability database/);
    const s = await status("--cache-dir", dir("ca"));
    assert.deepEqual(content(s), content(statusA));
    assert.deepEqual(s.installed!.shards.map((x) => x.group), ["common", "alpine", "npm"]);
    assert.deepEqual(leftovers(dir("ca")), []);
    const again = await cli("db", "update", "--db-repository", `${reg.host}/dredge/db:1`, "--cache-dir", dir("ca"));
    assert.match(again, /^the vulnerability database is up to date/);
  });

  it("db update --check prints the digest db push published, downloads nothing; a missing tag is DB_NOT_FOUND", async () => {
    const pushed = /@(sha256:[0-9a-f]{64})/.exec(await cli("db", "push", `${reg.host}/dredge/db:1`, "--db", dir("a.db"), "--cache-dir", dir("c0")))![1]!;
    const checked = await cli("db", "update", "--check", "--db-repository", `${reg.host}/dredge/db:1`, "--cache-dir", dir("cc"));
    assert.equal(checked, `${reg.host}/dredge/db:1@${pushed}\n`);
    assert.equal(existsSync(dbRoot(dir("cc"))), false, "nothing downloaded");
    const pinned = await cli("db", "update", "--check", "--db-repository", `${reg.host}/dredge/db@${pushed}`, "--cache-dir", dir("cc"));
    assert.equal(pinned, `${reg.host}/dredge/db@${pushed}\n`);
    const missing = await runCli(["db", "update", "--check", "--db-repository", `${reg.host}/dredge/none:1`, "--cache-dir", dir("cc")]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /no prebuilt vulnerability database at/);
  });

  it("--db-namespaces pulls only the shards needed (common always)", async () => {
    const env = { DREDGE_DB_REPOSITORY: `${reg.host}/dredge/db:1`, DREDGE_DB_NAMESPACES: "alpine" };
    const r0 = await runCli(["db", "update", "--cache-dir", dir("cb")], env);
    assert.equal(r0.code, 0, r0.stderr);
    const s = await status("--cache-dir", dir("cb"));
    assert.deepEqual(s.installed!.shards.map((x) => x.group), ["common", "alpine"]);
    assert.deepEqual(s.namespaces, statusA.namespaces.filter((n) => n.namespace.startsWith("alpine:")));
    assert.deepEqual(s.sources, statusA.sources);
    const installed = await readInstalled(dir("cb"), silentLogger);
    assert.deepEqual(readdirSync(installed!.dir).sort(), ["alpine.db", "common.db"]);
    // Asking for npm later: common is reused (same layer digest), only npm is downloaded.
    const r = await updateDatabase({ cacheDir: dir("cb"), repository: `${reg.host}/dredge/db:1`, namespaces: ["npm"], logger: silentLogger });
    const npmLayer = (await manifestLayers("dredge/db:1")).find((l) => l.annotations["dev.dredge.db.shard"] === "npm")!;
    assert.equal(r.downloadedBytes, npmLayer.size);
    assert.deepEqual(r.installed.info.shards.map((x) => x.group), ["common", "npm"]);
    assert.ok(!existsSync(installed!.dir), "the previous database dir is removed after the swap");
  });

  it("two concurrent updates of one cache: one downloads, the other waits and finds it current", async () => {
    const run = () => updateDatabase({ cacheDir: dir("cc"), repository: `${reg.host}/dredge/db:1`, logger: silentLogger });
    const results = await Promise.all([run(), run()]);
    assert.deepEqual(results.map((r) => r.updated).sort(), [false, true]);
    assert.equal(results.find((r) => !r.updated)!.downloadedBytes, 0);
    const installed = await readInstalled(dir("cc"), silentLogger);
    assert.deepEqual(readdirSync(dbRoot(dir("cc"))).sort(), [POINTER_FILE, installed!.info.dir].sort(), "no lock or second copy left");
  });

  it("a tampered or truncated blob is rejected by digest and the previous database stays", async () => {
    await cli("db", "build", "--output", dir("b.db"), "--cache-dir", dir("c0"), "--quiet", "--source", `kev=${feeds.url}/kev/known_exploited_vulnerabilities.json`);
    await cli("db", "push", `${reg.host}/dredge/db:2`, "--db", dir("b.db"), "--cache-dir", dir("c0"));
    const [layer] = await manifestLayers("dredge/db:2");
    const pointerBefore = readFileSync(join(dbRoot(dir("ca")), POINTER_FILE), "utf8");
    for (const mode of ["flip", "truncate"] as const) {
      const proxy = await startProxy(reg.url, async (req, res) => {
        if (req.method !== "GET" || !req.url?.endsWith(`/blobs/${layer!.digest}`)) return false;
        const up = await upstreamBytes(reg.url, req.url);
        const body = mode === "flip" ? Buffer.from(up.body) : up.body.subarray(0, up.body.length >> 1);
        if (mode === "flip") body.writeUInt8(body.readUInt8(body.length >> 1) ^ 0xff, body.length >> 1);
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length }).end(body);
        return true;
      });
      proxies.push(proxy);
      const r = await runCli(["db", "update", "--db-repository", `${proxy.host}/dredge/db:2`, "--cache-dir", dir("ca")]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, mode === "flip" ? /digest mismatch/ : /size mismatch/);
      assert.ok(proxy.requests.some((q) => q.path.endsWith(layer!.digest)), "the tampered blob was requested");
      assert.equal(readFileSync(join(dbRoot(dir("ca")), POINTER_FILE), "utf8"), pointerBefore);
      assert.deepEqual(leftovers(dir("ca")), []);
      assert.deepEqual(content(await status("--cache-dir", dir("ca"))), content(statusA));
    }
  });

  it("an update aborted mid-download leaves the previous database", async () => {
    const [layer] = await manifestLayers("dredge/db:2");
    const controller = new AbortController();
    const proxy = await startProxy(reg.url, async (req, res) => {
      if (req.method !== "GET" || !req.url?.endsWith(`/blobs/${layer!.digest}`)) return false;
      const up = await upstreamBytes(reg.url, req.url);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": up.body.length });
      res.write(up.body.subarray(0, up.body.length >> 1), () => setTimeout(() => controller.abort(new Error("interrupted")), 50));
      return true; // never ends: the client must give up through the signal
    });
    proxies.push(proxy);
    const before = await readInstalled(dir("ca"), silentLogger);
    await assert.rejects(
      updateDatabase({ cacheDir: dir("ca"), repository: `${proxy.host}/dredge/db:2`, logger: silentLogger, signal: controller.signal, retries: 0 }),
      (err) => isDredgeError(err, "CANCELLED"),
    );
    assert.deepEqual(await readInstalled(dir("ca"), silentLogger), before);
    assert.deepEqual(leftovers(dir("ca")), []);
    assert.deepEqual(content(await status("--cache-dir", dir("ca"))), content(statusA));
  });

  it("an ordinary image is refused as a database, naming the reference", async () => {
    await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, "test/bookworm:latest");
    const r = await runCli(["db", "update", "--db-repository", `${reg.host}/test/bookworm:latest`, "--cache-dir", dir("ce")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /test\/bookworm:latest is not a Dredge database artifact/);
    assert.ok(!existsSync(join(dbRoot(dir("ce")), POINTER_FILE)));
  });

  it("ensureDatabase: DB_NOT_FOUND when none may be downloaded; downloads when allowed", async () => {
    for (const flags of [{ offline: true }, { skipUpdate: true }]) {
      await assert.rejects(ensureDatabase({ cacheDir: dir("empty"), logger: silentLogger, ...flags }), (err) => {
        assert.ok(isDredgeError(err, "DB_NOT_FOUND"));
        assert.match(err.message, /no vulnerability database.*run `dredge db update`, or build one with `dredge db build` and pass --db FILE/);
        return true;
      });
    }
    const got = await ensureDatabase({ cacheDir: dir("cd"), repository: `${reg.host}/dredge/db:1`, logger: silentLogger });
    assert.equal(got.updated, true);
    assert.deepEqual(content(got.status), content(statusA));
    const offline = await ensureDatabase({ cacheDir: dir("cd"), offline: true, logger: silentLogger, repository: "127.0.0.1:1/none:1" });
    assert.deepEqual(offline.paths, got.paths);
    assert.equal(offline.updated, false);
  });

  it("ensureDatabase: stale detection from the build time", async () => {
    const day = 24 * 3600 * 1000;
    await buildDatabase({
      output: dir("old.db"), logger: silentLogger, now: new Date(Date.now() - 10 * day),
      sources: [{ name: "kev", location: `${feeds.url}/kev/known_exploited_vulnerabilities.json` }],
    });
    const old = await ensureDatabase({ cacheDir: dir("unused"), db: dir("old.db"), logger: silentLogger });
    assert.equal(old.stale, true);
    assert.ok(old.status.ageSeconds >= 10 * 24 * 3600 - 60);
    const fresh = await ensureDatabase({ cacheDir: dir("unused"), db: dir("b.db"), logger: silentLogger });
    assert.equal(fresh.stale, false);

    const builtAt = Date.parse(statusA.builtAt);
    const at = (ms: number) => new Date(builtAt + ms);
    assert.equal((await ensureDatabase({ cacheDir: dir("cd"), offline: true, logger: silentLogger, now: at(2 * day) })).stale, false, "offline: 7 days");
    assert.equal((await ensureDatabase({ cacheDir: dir("cd"), offline: true, logger: silentLogger, now: at(8 * day) })).stale, true);
    // Online and past --db-max-age: the registry is asked, has nothing newer; the database is stale.
    const repo = `${reg.host}/dredge/db:1`;
    const online = await ensureDatabase({ cacheDir: dir("cd"), repository: repo, logger: silentLogger, now: at(2 * day) });
    assert.deepEqual({ stale: online.stale, updated: online.updated }, { stale: true, updated: false });
    assert.equal((await readInstalled(dir("cd"), silentLogger))!.info.checkedAt, at(2 * day).toISOString());
    // Registry unreachable: warn and keep using the installed database.
    const log = memoryLogger();
    const down = await ensureDatabase({ cacheDir: dir("cd"), repository: "127.0.0.1:9/none/db:1", logger: log, now: at(3 * day), retries: 0 });
    assert.equal(down.stale, true);
    assert.deepEqual(down.paths, online.paths);
    assert.ok(log.records.some((r) => r.level === "warn" && /update failed/.test(r.msg)));
    // Within --db-max-age nothing is fetched, even from an unreachable registry.
    const quiet = memoryLogger();
    const within = await ensureDatabase({ cacheDir: dir("cd"), repository: repo, logger: quiet, now: at(3600 * 1000) });
    assert.deepEqual({ stale: within.stale, updated: within.updated }, { stale: false, updated: false });
    assert.deepEqual(quiet.records.filter((r) => r.level === "warn"), []);
  });
});
