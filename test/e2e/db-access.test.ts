/**
 * A new user's first database (issue #13, points 3, 16, 18) against a real registry with authentication on
 * loopback: a repository without the database says so and what to do; the scan target is checked before the
 * database is touched; fs/rootfs log in to a private mirror; --offline pulls the target image but makes no
 * database or base-image requests.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/build.js";
import type { ScanReport } from "../../src/model/finding.js";
import { silentLogger } from "../../src/util/log.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { debianOsRelease, dpkgStatus } from "../helpers/dpkg-rootfs.js";
import { testImages } from "../helpers/images.js";
import { writeOciArchive } from "../helpers/oci-writer.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { startProxy, startServer, type TestServer } from "../helpers/registry-proxy.js";
import { ghsaDir } from "../scan/fixture-db.js";

const work = mkdtempSync(join(tmpdir(), "dredge-db-access-"));
const dbFile = join(work, "ghsa.db");
const project = join(work, "project");
const password = { DREDGE_PASSWORD: "secret" };
const login = { DREDGE_USERNAME: "tester", ...password };
let reg: TestRegistry;
let repo: string;
const servers: TestServer[] = [];
let cacheN = 0;
const freshCache = (): string[] => ["--cache-dir", join(work, `cache-${++cacheN}`)];

/** A loopback server answering 404 to everything, counting requests. */
async function counter(): Promise<TestServer> {
  const s = await startServer((_req, res) => void res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"NAME_UNKNOWN"}]}'));
  servers.push(s);
  return s;
}
async function proxy(): Promise<TestServer> {
  const s = await startProxy(reg.url);
  servers.push(s);
  return s;
}

async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await runCli(args, env);
  assert.equal(r.code, 0, `dredge ${args.join(" ")}\n${r.stderr}`);
  return r;
}
const report = (r: CliResult): ScanReport => JSON.parse(r.stdout) as ScanReport;
const oneLine = (s: string): string => s.replace(/\s+/g, " ");

before(async () => {
  reg = await startRegistry({ auth: "tester:secret" });
  repo = `${reg.host}/dredge/db:2`;
  await buildDatabase({ output: dbFile, logger: silentLogger, sources: [{ name: "osv", location: ghsaDir }] });
  await ok(["db", "push", repo, "--db", dbFile, ...freshCache()], login);
  await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, "test/bookworm:latest", { creds: "tester:secret" });
  mkdirSync(project);
  const lock = { name: "p", lockfileVersion: 3, packages: { "": { name: "p" }, "node_modules/lodash": { version: "4.17.20" } } };
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock));
  writeFileSync(join(project, "requirements.txt"), "requests==2.31.0\n");
});
after(async () => {
  for (const s of servers) await s.close();
  await reg?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("when the prebuilt database cannot be had (#13.3)", () => {
  it("a repository without it: 'no prebuilt vulnerability database at REF (HTTP 404)' and what to do, for scans and db update", async () => {
    const none = `${reg.host}/none/dredge-db:2`;
    for (const args of [["fs", project], ["db", "update"]]) {
      const r = await runCli([...args, "--db-repository", none, "--username", "tester", ...freshCache()], password);
      assert.equal(r.code, 2, r.stderr);
      const expected = `error: no prebuilt vulnerability database at ${none} (HTTP 404): build one from the feeds with \`dredge db build --output dredge.db\``;
      assert.ok(r.stderr.startsWith(expected), r.stderr);
      assert.match(r.stderr, /needs network access to the feeds.*or point --db-repository at your mirror\n/);
      assert.doesNotMatch(r.stderr, /check the image name/);
    }
  });

  it("the scan target is checked first: a missing archive or directory, or a file that is no image, fail without any database request", async () => {
    const db = await counter();
    const cases: [string[], RegExp][] = [
      [["image", join(work, "nonexistent.tar")], /^error: no such file or directory: .*nonexistent\.tar$/m],
      [["fs", join(work, "missing")], /^error: .*missing: no such directory$/m],
      [["rootfs", join(work, "missing")], /^error: .*missing: no such directory$/m],
      [["image", join(project, "requirements.txt")], /^error: .*requirements\.txt is not an image archive/m],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, "--db-repository", `${db.host}/dredge/db:2`, ...freshCache()]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /database/);
    }
    assert.deepEqual(db.requests, []);
  });
});

describe("fs and rootfs pull from a private database mirror (#13.18)", () => {
  it("--username with DREDGE_PASSWORD, or both from the environment: the database is pulled and used", async () => {
    const fs = report(await ok(["fs", project, "--db-repository", repo, "--username", "tester", "--format", "json", ...freshCache()], password));
    assert.ok(fs.database?.builtAt);
    assert.deepEqual(fs.coverage?.find((c) => c.name === "npm")?.checked, true);
    const rootfs = report(await ok(["rootfs", project, "--db-repository", repo, "--format", "json", ...freshCache()], login));
    assert.ok(rootfs.database?.builtAt);
  });

  it("without credentials: authentication required, naming the mirror and the options", async () => {
    const r = await runCli(["fs", project, "--db-repository", repo, ...freshCache()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /authentication required for 127\.0\.0\.1:\d+\/dredge\/db: run docker login 127\.0\.0\.1:\d+ or pass --username\/--password/);
  });

  it("their --help lists the registry credentials", async () => {
    for (const kind of ["fs", "rootfs"]) {
      const help = (await ok([kind, "--help"])).stdout;
      for (const flag of ["--username <name>", "--password <secret>", "--insecure"]) assert.ok(help.includes(flag), `${kind} --help: ${flag}`);
    }
  });

  it("--db-namespaces leaving an ecosystem out: the coverage says so", async () => {
    const r = await ok(["fs", project, "--db-repository", repo, "--db-namespaces", "maven", "--format", "json", ...freshCache()], login);
    const npm = report(r).coverage?.find((c) => c.name === "npm");
    assert.deepEqual(npm, { kind: "ecosystem", name: "npm", namespaces: ["npm"], packages: 1, checked: false, reason: "the vulnerability database has no data for npm (left out by --db-namespaces)" });
    assert.match(r.stderr, /^warning: not checked for vulnerabilities: 1 npm package: .*left out by --db-namespaces/m);
  });
});

describe("--offline (#13.16)", () => {
  it("its help says what it does: no database update, no base-image lookups, the target image may be pulled", async () => {
    for (const kind of ["image", "fs", "rootfs"]) {
      const help = oneLine((await ok([kind, "--help"])).stdout);
      assert.match(help, /--offline no database update and no base-image lookups; only the target image itself may be pulled from its registry/);
      assert.doesNotMatch(help, /never touch the network/);
    }
  });

  it("the target image is still pulled from its registry and scanned", async () => {
    const target = await proxy();
    const r = await ok(["image", `${target.host}/test/bookworm:latest`, "--offline", "--db", dbFile, "--username", "tester", "--format", "json", ...freshCache()], password);
    assert.equal(report(r).artifact.os?.family, "debian");
    assert.ok(target.requests.some((q) => q.path.includes("/test/bookworm/manifests/")));
  });

  it("no database request, even for an installed database due for an update", async () => {
    const db = await proxy();
    const cache = freshCache();
    const mirror = `${db.host}/dredge/db:2`;
    await ok(["db", "update", "--db-repository", mirror, ...cache], login);
    const scan = (...extra: string[]) => ok(["fs", project, "--db-repository", mirror, "--db-max-age", "1ms", ...extra, ...cache], login);
    db.requests.length = 0;
    await scan();
    assert.ok(db.requests.length > 0, "without --offline the registry is asked for a newer database");
    db.requests.length = 0;
    const r = await scan("--offline", "--format", "json");
    assert.deepEqual(db.requests, []);
    assert.ok(report(r).database?.builtAt);
  });

  it("no base-image lookup: neither the image's base annotation nor --base-image REF", async () => {
    const base = await counter();
    const image = join(work, "annotated.oci.tar");
    await writeOciArchive(image, {
      layers: [{ entries: [{ path: "etc/os-release", content: debianOsRelease }, { path: "var/lib/dpkg/status", content: dpkgStatus(2) }] }],
      annotations: { "org.opencontainers.image.base.name": `${base.host}/library/base:1` },
    });
    const scan = (...extra: string[]) => ok(["image", image, "--db", dbFile, ...extra, ...freshCache()]);
    const online = await scan();
    assert.ok(base.requests.length > 0, "without --offline the base image is looked up");
    assert.match(online.stderr, /cannot read the base image/);
    base.requests.length = 0;
    const offline = await scan("--offline");
    assert.deepEqual(base.requests, []);
    assert.doesNotMatch(offline.stderr, /base image/);
    const named = await scan("--offline", "--base-image", `${base.host}/library/base:1`);
    assert.deepEqual(base.requests, []);
    assert.match(named.stderr, /--offline: the base image 127\.0\.0\.1:\d+\/library\/base:1 is in a registry and was not looked up/);
  });
});
