/**
 * A new user's first database (issue #13, points 3 and 18) against a real registry with authentication on
 * loopback: a repository without the database says so and what to do; the scan target is checked before the
 * database is touched; fs/rootfs log in to a private mirror.
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
import { startRegistry, type TestRegistry } from "../helpers/registry.js";
import { startServer, type TestServer } from "../helpers/registry-proxy.js";
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

async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const r = await runCli(args, env);
  assert.equal(r.code, 0, `dredge ${args.join(" ")}\n${r.stderr}`);
  return r;
}
const report = (r: CliResult): ScanReport => JSON.parse(r.stdout) as ScanReport;

before(async () => {
  reg = await startRegistry({ auth: "tester:secret" });
  repo = `${reg.host}/dredge/db:2`;
  await buildDatabase({ output: dbFile, logger: silentLogger, sources: [{ name: "osv", location: ghsaDir }] });
  await ok(["db", "push", repo, "--db", dbFile, ...freshCache()], login);
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

});

