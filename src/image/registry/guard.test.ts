import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLSSocket } from "node:tls";
import { after, before, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { connectGuard, type Resolver } from "./guard.js";
import { Transport } from "./transport.js";

/** Two loopback servers: a "registry" that redirects blobs, and the place they redirect to. */
let registry: Server;
let storage: Server;
let storageHits = 0;
const port = (s: Server) => (s.address() as AddressInfo).port;

before(async () => {
  storage = createServer((_req, res) => (storageHits++, res.end("blob")));
  registry = createServer((req, res) => {
    if (req.url === "/v2/") return res.end("{}");
    const to = req.url === "/v2/r/blobs/named" ? `http://storage.test:${port(storage)}/b` : req.url === "/v2/r/blobs/literal" ? `http://127.0.0.1:${port(storage)}/b` : `http://registry.test:${port(registry)}/v2/`;
    res.writeHead(307, { location: to }).end();
  });
  await Promise.all([registry, storage].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
});
after(() => Promise.all([registry, storage].map((s) => new Promise((r) => s.close(r)))));

/** Names resolve only through this table (none of them exists in DNS). */
const table: Record<string, string[]> = { "registry.test": ["127.0.0.1"], "storage.test": ["127.0.0.1"], "mixed.test": ["140.82.1.1", "::ffff:10.0.0.1"] };
const lookups: string[] = [];
const resolver: Resolver = async (host) => {
  lookups.push(host);
  const found = table[host];
  if (!found) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

const transport = (allowed: string[]) =>
  new Transport({ insecure: false, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }, logger: silentLogger, guard: connectGuard({ allowed: () => allowed, resolver }) });
const denied = (e: unknown) => isDredgeError(e, "ACCESS_DENIED");

it("connects to the address the guard checked (the name never reaches the system resolver)", async () => {
  const t = transport([`registry.test:${port(registry)}`]);
  try {
    const res = await t.send({ method: "GET", url: `http://registry.test:${port(registry)}/v2/` });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
    assert.ok(lookups.includes("registry.test"));
    const loop = await t.send({ method: "GET", url: `http://registry.test:${port(registry)}/v2/r/blobs/self` });
    assert.equal(loop.status, 200, "a redirect to the allowed host itself is followed");
  } finally {
    await t.close();
  }
});

it("refuses a name that resolves to a private address unless allowed, before connecting", async () => {
  const t = transport([]);
  try {
    await assert.rejects(t.send({ method: "GET", url: `http://registry.test:${port(registry)}/v2/` }), denied);
    await assert.rejects(t.send({ method: "GET", url: `http://registry.test:${port(registry) + 1}/v2/` }), denied, "another port");
    await assert.rejects(t.send({ method: "GET", url: "https://mixed.test/v2/" }), denied, "one private address among public ones is enough");
    await assert.rejects(t.send({ method: "GET", url: `http://[::ffff:127.0.0.1]:${port(registry)}/v2/` }), denied, "IPv4-mapped IPv6 literal");
  } finally {
    await t.close();
  }
});

it("checks redirects the same way: a blob redirected to a private address is refused, by name or literal", async () => {
  const t = transport([`registry.test:${port(registry)}`]);
  try {
    for (const blob of ["named", "literal"]) {
      await assert.rejects(t.send({ method: "GET", url: `http://registry.test:${port(registry)}/v2/r/blobs/${blob}` }), denied, blob);
    }
    assert.equal(storageHits, 0, "the storage server was never reached");
  } finally {
    await t.close();
  }
  const allowed = transport([`registry.test:${port(registry)}`, "storage.test", `127.0.0.1:${port(storage)}`]);
  try {
    const res = await allowed.send({ method: "GET", url: `http://registry.test:${port(registry)}/v2/r/blobs/named` });
    assert.equal(await res.text(), "blob");
    assert.equal(storageHits, 1);
  } finally {
    await allowed.close();
  }
});

it("over TLS, the pinned connection still presents the name: SNI and Host are the registry's, not the address", async () => {
  const tmp = await mkdtemp(join(tmpdir(), "dredge-guard-tls-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=registry.test",
    "-keyout", join(tmp, "key.pem"), "-out", join(tmp, "cert.pem")], { stdio: "ignore" });
  const [key, cert] = await Promise.all([readFile(join(tmp, "key.pem")), readFile(join(tmp, "cert.pem"))]);
  const seen: { sni: string | false; host: string | undefined }[] = [];
  const tls = createHttpsServer({ key, cert }, (req, res) => {
    seen.push({ sni: (req.socket as TLSSocket & { servername: string | false }).servername, host: req.headers.host });
    res.end("{}");
  });
  await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
  const p = (tls.address() as AddressInfo).port;
  const t = new Transport({
    insecure: true, timeoutMs: 5000, retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 }, logger: silentLogger,
    guard: connectGuard({ allowed: () => [`registry.test:${p}`], resolver }),
  });
  try {
    const res = await t.send({ method: "GET", url: `https://registry.test:${p}/v2/` });
    assert.equal(res.status, 200);
    assert.deepEqual(seen, [{ sni: "registry.test", host: `registry.test:${p}` }]);
  } finally {
    await t.close();
    tls.closeAllConnections();
    await new Promise((r) => tls.close(r));
    await rm(tmp, { recursive: true, force: true });
  }
});
