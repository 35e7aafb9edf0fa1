import assert from "node:assert/strict";
import { it } from "node:test";
import { isDredgeError } from "../errors.js";
import { isNonPublicAddress, type Resolver } from "../image/registry/index.js";
import { parseListen } from "./config.js";
import { admitTarget } from "./targets.js";

/** Names resolve only through this table: no DNS in tests. */
const names: Record<string, string[]> = {
  "docker.io": ["104.16.1.1"],
  "ghcr.io": ["140.82.1.1"],
  "inside.example": ["10.0.0.7"],
  "mapped.example": ["::ffff:127.0.0.1"],
  "mixed.example": ["140.82.1.2", "fd00::1"],
};
const resolver: Resolver = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
const closed = { allowLocalTargets: false, allowRegistries: [], resolver };
const open = { allowLocalTargets: true, allowRegistries: ["127.0.0.1:5000", "inside.example"], resolver };
const usage = (e: unknown) => isDredgeError(e, "USAGE");

it("admits registry references, normalised, as one dedupe key", async () => {
  const a = await admitTarget("debian:12", closed);
  const b = await admitTarget("docker.io/library/debian:12", closed);
  assert.equal(a.target, "registry:docker.io/library/debian:12");
  assert.equal(a.dedupeKey, b.dedupeKey);
  assert.equal(a.reference?.repository, "library/debian");
  assert.equal((await admitTarget("docker://ghcr.io/org/app:1", closed)).target, "registry:ghcr.io/org/app:1");
  assert.equal((await admitTarget("unknown.example/app:1", closed)).target, "registry:unknown.example/app:1", "a name that does not resolve now is checked when connecting");
});

it("refuses local paths unless allowed, and never directories, SBOMs or the engine", async () => {
  for (const path of ["/etc/passwd", "./image.tar", "oci:/srv/layout", "oci-archive:/x.tar"]) await assert.rejects(admitTarget(path, closed), usage, path);
  assert.equal((await admitTarget("oci-archive:/x.tar", open)).dedupeKey, "local:/x.tar");
  for (const t of ["rootfs:/", "fs:/srv", "sbom:/x.json", "daemon:app"]) await assert.rejects(admitTarget(t, open), usage, t);
});

it("refuses registries on private addresses, literal or resolved, unless listed", async () => {
  const privateOnes = [
    "127.0.0.1:5000/a:1", "localhost:5000/a:1", "10.1.2.3/a:1", "192.168.0.9:443/a", "169.254.169.254/a", "[::1]:5000/a",
    "[::ffff:7f00:1]:5000/a", "[fd12::1]/a", "[fe80::1]/a", "inside.example/a:1", "mapped.example/a", "mixed.example/a", "0.0.0.0/a", "224.0.0.1/a",
  ];
  for (const r of privateOnes) await assert.rejects(admitTarget(r, closed), usage, r);
  assert.equal((await admitTarget("127.0.0.1:5000/a:1", open)).target, "registry:127.0.0.1:5000/a:1");
  assert.equal((await admitTarget("inside.example:8443/a:1", open)).target, "registry:inside.example:8443/a:1", "a host without a port allows every port");
  await assert.rejects(admitTarget("127.0.0.1:5001/a:1", open), usage, "another port of an allowed host:port is not allowed");
  await assert.rejects(admitTarget("Not A Reference!", closed), (e) => isDredgeError(e, "INVALID_REFERENCE"));
});

it("classifies addresses: private, loopback, link-local, unique-local, multicast, unspecified, IPv4 inside IPv6", () => {
  for (const a of ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "255.255.255.255", "224.0.0.251",
    "::", "::1", "fc00::1", "fd00:ec2::254", "fe80::1%eth0", "ff02::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "::127.0.0.1", "64:ff9b::a9fe:a9fe"]) {
    assert.equal(isNonPublicAddress(a), true, a);
  }
  for (const a of ["1.1.1.1", "140.82.112.3", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "not-an-ip"]) assert.equal(isNonPublicAddress(a), false, a);
});

it("parses --listen", () => {
  assert.deepEqual(parseListen("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListen(":0"), { host: "127.0.0.1", port: 0 });
  assert.deepEqual(parseListen("[::1]:9000"), { host: "::1", port: 9000 });
  for (const bad of ["8080", "host:99999", "a:b"]) assert.equal(parseListen(bad), undefined, bad);
});
