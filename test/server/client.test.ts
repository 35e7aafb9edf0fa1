/**
 * Client mode end to end: the real `dredge image ARCHIVE --server URL` in a child process against a server
 * this test starts, compared with a local `dredge image` of the same archive on the same database; and the
 * client's errors (unreachable, 401, 403, 413, a bad URL), its exit codes and other targets, in process.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { sbomTarget } from "../../src/scan/index.js";
import { silentLogger } from "../../src/util/log.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const root = resolve(import.meta.dirname, "../..");
const entry = `import { main } from "./src/cli/main.ts"; process.exitCode = await main(["node", "dredge", ...process.argv.slice(1)]);`;

/** `dredge ARGS` in a child process (the TypeScript sources), with only PATH and `env` in its environment. */
function child(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on("data", (c: Buffer) => out.push(c));
    p.stderr.on("data", (c: Buffer) => err.push(c));
    p.once("error", fail);
    p.once("exit", (code) => done({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
  });
}

interface Report {
  createdAt: string;
  artifact: { unverified?: boolean };
  targets: { vulnerabilities: { id: string; package: { name: string; version: string } }[] }[];
}
const key = (f: { id: string; package: { name: string; version: string } }) => `${f.id} ${f.package.name}@${f.package.version}`;
const findingsOf = (r: Report) => r.targets.flatMap((t) => t.vulnerabilities).map(key).sort();

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

for (const { kind, make } of adapters) {
  describe(`client mode on ${kind}`, () => {
    it("dredge image ARCHIVE --server prints the local scan's report, with no local database", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      const dir = await mkdtemp(join(tmpdir(), "dredge-client-"));
      try {
        const archive = testImages().dockerArchive;
        const token = await server.token("scanner");
        const db = (await fixtureDatabase()).path;
        const common = [archive, "--scanners", "vuln", "--format", "json", "--quiet"];
        const local = await child(["image", ...common, "--db", db, "--skip-db-update", "--offline", "--cache-dir", join(dir, "local")]);
        assert.equal(local.code, 0, local.stderr);
        const clientCache = join(dir, "client");
        const remote = await child(["image", ...common, "--server", server.url, "--cache-dir", clientCache], { DREDGE_TOKEN: token });
        assert.equal(remote.code, 0, remote.stderr);
        const [l, r] = [JSON.parse(local.stdout) as Report, JSON.parse(remote.stdout) as Report];
        assert.ok(findingsOf(l).length > 0);
        assert.deepEqual(findingsOf(r), findingsOf(l));
        assert.deepEqual({ ...r, createdAt: "" }, { ...l, createdAt: "" }, "the whole report is the local one");
        assert.equal(existsSync(join(clientCache, "db")), false, "no vulnerability database on the client");

        // The server stored the inventory, unverified, under the image's digest.
        const call = api(server.url, token);
        const list = (await (await call("GET", "/images")).json()) as { items: { digest: string; verified: boolean }[] };
        assert.equal(list.items.length, 1);
        assert.equal(list.items[0]!.verified, false);
        const served = (await (await call("GET", `/images/${list.items[0]!.digest}/vulnerabilities`)).json()) as { vulnerabilities: Report["targets"][0]["vulnerabilities"] };
        assert.deepEqual(served.vulnerabilities.map(key).sort(), findingsOf(l));
        assert.equal((await server.db.all("SELECT key FROM layers")).length, 0, "nothing of the client's enters the layer cache");
      } finally {
        await server.dispose();
        await rm(dir, { recursive: true, force: true });
        await t.drop();
      }
    });
  });
}

describe("client mode in process", () => {
  it("every format, --exit-code and --severity, --token, SBOM and rootfs targets", async () => {
    const t = await adapters[0].make();
    const server = await startTestServer(t.url, { workers: 0 });
    const dir = await mkdtemp(join(tmpdir(), "dredge-client-"));
    try {
      const images = testImages();
      const token = await server.token("scanner");
      const base = ["--server", server.url, "--cache-dir", dir, "--scanners", "vuln", "--quiet"];
      const env = { DREDGE_TOKEN: token };
      const failing = await runCli(["image", images.ociArchive, ...base, "--exit-code", "3"], env);
      assert.equal(failing.code, 3, failing.stderr);
      assert.match(failing.stdout, /CVE-|GHSA-|PYSEC-/, "the table lists findings");
      const none = await runCli(["image", images.ociArchive, ...base, "--exit-code", "3", "--severity", "NEGLIGIBLE"], env);
      assert.equal(none.code, 0, none.stderr);
      for (const [format, schema] of [["sarif", "sarif"], ["cyclonedx", "cyclonedx"], ["spdx-json", "spdx"]] as const) {
        const r = await runCli(["image", images.ociArchive, ...base, "--format", format], env);
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(schemaErrors(schemaValidator(schema), JSON.parse(r.stdout)), [], format);
      }
      const flag = await runCli(["image", images.ociArchive, ...base.filter((a) => a !== "--quiet"), "--token", token, "--format", "json"]);
      assert.equal(flag.code, 0, flag.stderr);

      const sbomFile = join(dir, "bookworm.cdx.json");
      const doc = await sbomTarget(images.ociArchive, "cyclonedx", await testScanOptions(), { logger: silentLogger, cacheDir: dir, tmpDir: dir });
      await writeFile(sbomFile, JSON.stringify(doc.document));
      const sbom = await runCli(["image", sbomFile, ...base, "--format", "json"], env);
      assert.equal(sbom.code, 0, sbom.stderr);
      const sbomReport = JSON.parse(sbom.stdout) as Report;
      assert.equal(sbomReport.artifact.unverified, true);
      assert.deepEqual(findingsOf(sbomReport), findingsOf(JSON.parse(flag.stdout) as Report));
      const rootfs = await runCli(["rootfs", images.rootfs, ...base, "--format", "json"], env);
      assert.equal(rootfs.code, 0, rootfs.stderr);
      const fs = await runCli(["fs", join(fixturesDir, "pkgdb/lang/ruby"), ...base, "--format", "json"], env);
      assert.equal(fs.code, 0, fs.stderr);
      const list = (await (await api(server.url, token)("GET", "/images")).json()) as { items: { verified: boolean }[] };
      assert.equal(list.items.length, 3, "the image, the rootfs and the project directory");
      assert.ok(list.items.every((i) => !i.verified));
    } finally {
      await server.dispose();
      await rm(dir, { recursive: true, force: true });
      await t.drop();
    }
  });

  for (const { kind, make } of adapters) {
    it(`an https server (${kind}): verified against the system's CAs and --server-ca-file; --server-insecure skips the check`, async () => {
      const t = await make();
      const dir = await mkdtemp(join(tmpdir(), "dredge-client-tls-"));
      const cert = join(dir, "server.crt");
      const keyFile = join(dir, "server.key");
      const other = join(dir, "other.crt");
      for (const [c, k, cn] of [[cert, keyFile, "dredge"], [other, join(dir, "other.key"), "other"]] as const) {
        execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${cn}`,
          "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", k, "-out", c], { stdio: "ignore" });
      }
      const server = await startTestServer(t.url, { workers: 0, tls: { certFile: cert, keyFile } });
      try {
        assert.match(server.url, /^https:/);
        const env = { DREDGE_TOKEN: await server.token("scanner") };
        const run = (...extra: string[]) =>
          runCli(["fs", join(fixturesDir, "pkgdb/lang/ruby"), "--server", server.url, "--cache-dir", dir, "--scanners", "vuln", "--format", "json", ...extra], env);
        const untrusted = await run("--debug");
        assert.equal(untrusted.code, 2, untrusted.stderr);
        assert.match(untrusted.stderr, /cannot reach the Dredge server at https:\/\/127\.0\.0\.1:\d+: \S*(CERT|SIGNED)\S*.*\nhint: .*--server-ca-file/);
        const wrongCa = await run("--server-ca-file", other, "--debug");
        assert.equal(wrongCa.code, 2, wrongCa.stderr);
        assert.match(wrongCa.stderr, /code: NETWORK/);

        const trusted = await run("--server-ca-file", cert);
        assert.equal(trusted.code, 0, trusted.stderr);
        const report = JSON.parse(trusted.stdout) as Report;
        assert.ok(findingsOf(report).length > 0, "the server matched the project's gems");
        assert.deepEqual(await server.db.all("SELECT verified FROM images"), [{ verified: 0 }], "the server stored the inventory, unverified");
        const viaEnv = await runCli(["fs", join(fixturesDir, "pkgdb/lang/ruby"), "--server", server.url, "--cache-dir", dir, "--scanners", "vuln", "--format", "json"], { ...env, DREDGE_SERVER_CA_FILE: cert });
        assert.deepEqual(findingsOf(JSON.parse(viaEnv.stdout) as Report), findingsOf(report));

        const insecure = await run("--server-insecure");
        assert.equal(insecure.code, 0, insecure.stderr);
        assert.match(insecure.stderr, /--server-insecure: the server's TLS certificate is not verified/);
        assert.deepEqual(findingsOf(JSON.parse(insecure.stdout) as Report), findingsOf(report));

        const junk = join(dir, "junk.pem");
        await writeFile(junk, "not a certificate");
        const bad = await run("--server-ca-file", junk);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--server-ca-file .*junk\.pem holds no PEM certificate/);
        assert.match((await run("--server-ca-file", join(dir, "missing.pem"))).stderr, /cannot read --server-ca-file/);
      } finally {
        await server.dispose();
        await rm(dir, { recursive: true, force: true });
        await t.drop();
      }
    });
  }

  it("clear errors: unreachable, no token, reader token, too large, a bad URL", async () => {
    const t = await adapters[0].make();
    const server = await startTestServer(t.url, { workers: 0, uploadLimit: 4096 });
    const dir = await mkdtemp(join(tmpdir(), "dredge-client-"));
    try {
      const archive = testImages().ociArchive;
      const run = (server: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
        runCli(["image", archive, "--server", server, "--cache-dir", dir, "--scanners", "vuln", "--debug"], env);
      const expect = (r: CliResult, code: string, message: RegExp) => {
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, message);
        assert.match(r.stderr, new RegExp(`code: ${code}`));
      };
      expect(await run(`http://127.0.0.1:${await closedPort()}`), "NETWORK", /cannot reach the Dredge server at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
      expect(await run(server.url), "AUTH_REQUIRED", /answered 401.*\nhint: set DREDGE_TOKEN/);
      expect(await run(server.url, { DREDGE_TOKEN: "dredge_wrong" }), "AUTH_REQUIRED", /answered 401/);
      expect(await run(server.url, { DREDGE_TOKEN: await server.token("reader") }), "ACCESS_DENIED", /answered 403: this needs the scanner role/);
      expect(await run(server.url, { DREDGE_TOKEN: await server.token("scanner") }), "LIMIT_EXCEEDED", /answered 413.*\nhint: raise the server's upload limit/);
      expect(await run(`${server.url}/elsewhere`, { DREDGE_TOKEN: await server.token("scanner") }), "SERVER_ERROR", /answered 404/);
      expect(await run("ftp://example.com"), "USAGE", /invalid --server/);
      const leaked = await run(server.url, { DREDGE_TOKEN: "dredge_secret-value" });
      assert.doesNotMatch(leaked.stderr, /secret-value/, "the token is never printed");
      assert.equal(existsSync(join(dir, "db")), false);
    } finally {
      await server.dispose();
      await rm(dir, { recursive: true, force: true });
      await t.drop();
    }
  });
});
