import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { memoryLogger } from "../../util/log.js";
import type { RunContext } from "../../cli/context.js";
import { scanHooks } from "../../cli/hooks.js";
import { dockerConfigDir, dockerCredentials, hostOf } from "./credentials.js";

const b64 = (s: string): string => Buffer.from(s).toString("base64");

describe("docker config credentials", () => {
  let tmp: string;
  let n = 0;
  const config = async (content: unknown): Promise<string> => {
    const dir = join(tmp, String(n++));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "config.json"), typeof content === "string" ? content : JSON.stringify(content));
    return dir;
  };
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), "dredge-creds-"));
  });
  after(async () => rm(tmp, { recursive: true, force: true }));

  it("normalises auths keys to hosts", () => {
    assert.equal(hostOf("https://index.docker.io/v1/"), "index.docker.io");
    assert.equal(hostOf("http://Host:5000/v2/"), "host:5000");
    assert.equal(hostOf("ghcr.io"), "ghcr.io");
  });

  it("reads base64 auth, username/password and identitytoken for the right host only", async () => {
    const dir = await config({
      auths: {
        "https://index.docker.io/v1/": { auth: b64("hubuser:hub:pass") },
        "ghcr.io": { username: "gh", password: "tok" },
        "quay.io": { auth: b64("q:ignored"), identitytoken: "refresh-me" },
      },
    });
    const log = memoryLogger();
    assert.deepEqual(await dockerCredentials("docker.io", dir, log), { username: "hubuser", password: "hub:pass", source: `docker config ${dir}/config.json` });
    assert.equal((await dockerCredentials("ghcr.io", dir, log))?.password, "tok");
    assert.equal((await dockerCredentials("quay.io", dir, log))?.identityToken, "refresh-me");
    assert.equal(await dockerCredentials("evil.example", dir, log), undefined);
    assert.equal(await dockerCredentials("ghcr.io.evil.example", dir, log), undefined);
  });

  it("is silent without a config, and warns on a malformed one", async () => {
    const log = memoryLogger();
    assert.equal(await dockerCredentials("docker.io", join(tmp, "none"), log), undefined);
    assert.equal(log.records.length, 0);
    assert.equal(await dockerCredentials("docker.io", await config("{not json"), log), undefined);
    assert.equal(await dockerCredentials("docker.io", await config({ auths: "x" }), log), undefined);
    assert.equal(log.records.filter((r) => r.level === "warn").length, 2);
  });

  it("warns and falls back to auths when a credential helper is missing", async () => {
    const dir = await config({ credHelpers: { "ghcr.io": "dredge-missing-helper" }, auths: { "ghcr.io": { auth: b64("a:b") } } });
    const log = memoryLogger();
    assert.equal((await dockerCredentials("ghcr.io", dir, log))?.username, "a");
    assert.ok(log.records.some((r) => r.level === "warn" && r.fields?.helper === "dredge-missing-helper"));
  });

  it("takes the directory it is given (the CLI passes DOCKER_CONFIG), else ~/.docker, never the environment itself", () => {
    const old = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = "/some/dir";
    try {
      assert.equal(dockerConfigDir("/explicit"), "/explicit");
      assert.equal(dockerConfigDir(), join(homedir(), ".docker"));
    } finally {
      if (old === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = old;
    }
  });

  it("the CLI hands DOCKER_CONFIG and DOCKER_HOST to the pipeline", () => {
    const io = { stdout: process.stdout, stderr: process.stderr, env: { DOCKER_CONFIG: "/cfg", DOCKER_HOST: "unix:///x.sock" } };
    const hooks = scanHooks({ logger: memoryLogger(), signal: new AbortController().signal, cacheDir: "/c", tmpDir: "/t", ...io } as unknown as RunContext);
    assert.equal(hooks.dockerConfigDir, "/cfg");
    assert.equal(hooks.dockerHost, "unix:///x.sock");
  });
});
