import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError } from "../../errors.js";
import { silentLogger } from "../../util/log.js";
import { startRegistry, type TestRegistry } from "../../../test/helpers/registry.js";
import { forward, startProxy, type TestServer } from "../../../test/helpers/registry-proxy.js";
import { RegistryClient } from "./index.js";

/**
 * `insecure`: TLS without certificate verification, and plain http fallback. `0.0.0.0:PORT` reaches the
 * local host without counting as loopback, so it stands for a remote registry here.
 */
describe("insecure registries", () => {
  let reg: TestRegistry;
  let tls: Server;
  let tlsPort: number;
  let plain: TestServer;
  let tmp: string;
  const seen: string[] = [];

  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), "dredge-registry-tls-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=dredge-test",
      "-keyout", join(tmp, "key.pem"), "-out", join(tmp, "cert.pem")], { stdio: "ignore" });
    reg = await startRegistry();
    const [key, cert] = await Promise.all([readFile(join(tmp, "key.pem")), readFile(join(tmp, "cert.pem"))]);
    tls = createServer({ key, cert }, (req, res) => {
      seen.push(`${req.method} ${req.url}`);
      forward(req, res, reg.url);
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    tlsPort = (tls.address() as AddressInfo).port;
    plain = await startProxy(reg.url);
  });
  after(async () => {
    tls?.closeAllConnections();
    await new Promise((r) => tls?.close(r));
    await plain?.close();
    await reg?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  const exists = async (host: string, insecure: boolean): Promise<boolean> => {
    const client = new RegistryClient({ registry: host, insecure, retries: 0, timeoutMs: 5000, logger: silentLogger, dockerConfigDir: tmp });
    try {
      return await client.blobExists("test/x", `sha256:${"0".repeat(64)}`);
    } finally {
      await client.close();
    }
  };

  it("refuses a self-signed certificate without insecure", async () => {
    await assert.rejects(exists(`0.0.0.0:${tlsPort}`, false), (e: unknown) => isDredgeError(e, "NETWORK") && /certificate/i.test(e.message));
  });

  it("speaks TLS without verification with insecure", async () => {
    seen.length = 0;
    assert.equal(await exists(`0.0.0.0:${tlsPort}`, true), false);
    assert.ok(seen.some((s) => s.startsWith("HEAD /v2/test/x/blobs/")), seen.join(", "));
  });

  it("falls back to plain http with insecure when TLS fails", async () => {
    plain.requests.length = 0;
    assert.equal(await exists(`0.0.0.0:${plain.host.split(":")[1]}`, true), false);
    assert.ok(plain.requests.some((r) => r.method === "HEAD"));
  });

  it("uses plain http for loopback hosts without insecure", async () => {
    plain.requests.length = 0;
    assert.equal(await exists(plain.host, false), false);
    assert.equal(plain.requests.length, 1);
  });
});
