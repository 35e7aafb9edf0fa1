import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDredgeError } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { testImages } from "../../../test/helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../../../test/helpers/registry.js";
import { forward, startProxy, startServer, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { registrySource, type RegistryOptions } from "./index.js";

const images = testImages();
const USER = "tester";
const PASS = "s3cret:with-colon";
const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

async function pull(ref: string, options: Omit<RegistryOptions, "logger">): Promise<string> {
  const src = registrySource(ref, { logger: silentLogger, ...options });
  try {
    const [image] = await src.resolve({ logger: silentLogger });
    let size = 0;
    for await (const chunk of await image!.openLayer(image!.metadata.layers[0]!)) size += (chunk as Buffer).length;
    assert.equal(size, image!.metadata.layers[0]!.size);
    return image!.metadata.manifestDigest!;
  } finally {
    await src.close();
  }
}

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "dredge-registry-auth-"));
});
after(async () => rm(tmp, { recursive: true, force: true }));

describe("htpasswd Basic auth on a real registry", () => {
  let reg: TestRegistry;
  let ref: string;
  let emptyConfig: string;
  before(async () => {
    reg = await startRegistry({ auth: `${USER}:${PASS}` });
    await pushImage(reg.host, `oci:${images.oci}:rocky9-rpm`, "test/rocky:9", { creds: `${USER}:${PASS}` });
    ref = `${reg.host}/test/rocky:9`;
    emptyConfig = join(tmp, "empty");
  });
  after(async () => reg?.stop());

  it("fails with AUTH_REQUIRED without credentials", async () => {
    await assert.rejects(pull(ref, { dockerConfigDir: emptyConfig }), (e: unknown) =>
      isDredgeError(e, "AUTH_REQUIRED") &&
      e.message.startsWith(`authentication required for ${reg.host}/test/rocky: run docker login ${reg.host}`));
  });

  it("fails with AUTH_REQUIRED (rejected) with wrong credentials", async () => {
    await assert.rejects(pull(ref, { username: USER, password: "wrong", dockerConfigDir: emptyConfig }), (e: unknown) =>
      isDredgeError(e, "AUTH_REQUIRED") && /authentication failed/.test(e.message));
  });

  it("works with --username/--password", async () => {
    assert.match(await pull(ref, { username: USER, password: PASS, dockerConfigDir: emptyConfig }), /^sha256:/);
  });

  it("works with docker config auths (base64 auth, and username/password)", async () => {
    const entries = [
      { [`http://${reg.host}/v2/`]: { auth: Buffer.from(`${USER}:${PASS}`).toString("base64") } },
      { [reg.host]: { username: USER, password: PASS } },
    ];
    for (const [i, auths] of entries.entries()) {
      const dir = join(tmp, `auths${i}`);
      await writeFile(join(await mkdirp(dir), "config.json"), JSON.stringify({ auths: { "other.example": { auth: "eDp5" }, ...auths } }));
      assert.match(await pull(ref, { dockerConfigDir: dir }), /^sha256:/);
    }
  });

  it("works with a credHelpers entry and with credsStore (docker-credential-dredgetest on PATH)", async () => {
    const bin = await mkdirp(join(tmp, "bin"));
    const log = join(tmp, "helper.log");
    const script = `#!/bin/sh
[ "$1" = get ] || exit 2
read server
echo "$server" >> '${log}'
if [ "$server" = '${reg.host}' ]; then
  printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASS}"}' "$server"
else
  echo "credentials not found in native keychain"; exit 1
fi
`;
    await writeFile(join(bin, "docker-credential-dredgetest"), script);
    await chmod(join(bin, "docker-credential-dredgetest"), 0o755);
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${oldPath ?? ""}`;
    try {
      for (const config of [{ credHelpers: { [reg.host]: "dredgetest" } }, { credsStore: "dredgetest" }]) {
        const dir = await mkdirp(join(tmp, `helper-${Object.keys(config)[0]}`));
        await writeFile(join(dir, "config.json"), JSON.stringify(config));
        assert.match(await pull(ref, { dockerConfigDir: dir }), /^sha256:/);
      }
      assert.deepEqual((await readFile(log, "utf8")).trim().split("\n"), [reg.host, reg.host]);
    } finally {
      process.env.PATH = oldPath;
    }
  });
});

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("Bearer token flow", () => {
  let reg: TestRegistry;
  let tokens: TestServer;
  let proxy: TestServer;
  const issued = new Set<string>();
  let requireCreds = false;
  let field: "token" | "access_token" = "token";

  const tokenHandler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let params = new URL(req.url ?? "/", "http://x").searchParams;
    let ok = !requireCreds || req.headers.authorization === basic(USER, PASS);
    if (req.method === "POST") {
      let body = "";
      for await (const chunk of req) body += String(chunk);
      params = new URLSearchParams(body);
      ok = params.get("grant_type") === "refresh_token" && params.get("refresh_token") === "refresh-abc" && !req.headers.authorization;
    }
    if (!ok || params.get("service") !== "test-registry" || params.get("scope") !== "repository:test/rocky:pull") {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "bad credentials" }] }));
      return;
    }
    const token = `tok-${issued.size + 1}`;
    issued.add(token);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ [field]: token, expires_in: 300 }));
  };

  before(async () => {
    reg = await startRegistry();
    await pushImage(reg.host, `oci:${images.oci}:rocky9-rpm`, "test/rocky:9");
    tokens = await startServer(tokenHandler);
    proxy = await startProxy(reg.url, (req, res) => {
      const auth = req.headers.authorization ?? "";
      if (auth.startsWith("Bearer ") && issued.has(auth.slice(7))) {
        const { authorization: _drop, ...headers } = req.headers;
        forward(req, res, reg.url, headers);
        return true;
      }
      res.writeHead(401, {
        "www-authenticate": `Bearer realm="${tokens.url}/token",service="test-registry",scope="repository:test/rocky:pull"`,
        "content-type": "application/json",
      });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
      return true;
    });
  });
  after(async () => {
    await proxy?.close();
    await tokens?.close();
    await reg?.stop();
  });

  it("gets an anonymous token (field token) and caches it", async () => {
    requireCreds = false;
    field = "token";
    tokens.requests.length = 0;
    await pull(`${proxy.host}/test/rocky:9`, { dockerConfigDir: join(tmp, "empty") });
    assert.equal(tokens.requests.length, 1);
    assert.equal(tokens.requests[0]!.authorization, undefined);
  });

  it("AUTH_REQUIRED when the token server wants credentials", async () => {
    requireCreds = true;
    await assert.rejects(pull(`${proxy.host}/test/rocky:9`, { dockerConfigDir: join(tmp, "empty") }), (e: unknown) =>
      isDredgeError(e, "AUTH_REQUIRED") && e.message.includes(`${proxy.host}/test/rocky`));
  });

  it("sends credentials only to the token realm (field access_token)", async () => {
    requireCreds = true;
    field = "access_token";
    tokens.requests.length = 0;
    proxy.requests.length = 0;
    await pull(`${proxy.host}/test/rocky:9`, { username: USER, password: PASS });
    assert.equal(tokens.requests.length, 1);
    assert.equal(tokens.requests[0]!.authorization, basic(USER, PASS));
    assert.ok(proxy.requests.length >= 3);
    for (const r of proxy.requests) assert.ok(r.authorization === undefined || r.authorization.startsWith("Bearer tok-"), r.path);
  });

  it("exchanges a docker config identitytoken at the realm (OAuth2 POST)", async () => {
    requireCreds = true;
    tokens.requests.length = 0;
    const dir = join(tmp, "identity");
    await mkdirp(dir);
    await writeFile(join(dir, "config.json"), JSON.stringify({ auths: { [proxy.host]: { identitytoken: "refresh-abc" } } }));
    await pull(`${proxy.host}/test/rocky:9`, { dockerConfigDir: dir });
    assert.deepEqual(tokens.requests.map((r) => r.method), ["POST"]);
  });
});
