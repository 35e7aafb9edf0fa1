import assert from "node:assert/strict";
import { it } from "node:test";
import { isDredgeError } from "../errors.js";
import { parseListen } from "./config.js";
import { admitTarget } from "./targets.js";

const closed = { allowLocalTargets: false, allowRegistries: [] };
const open = { allowLocalTargets: true, allowRegistries: ["127.0.0.1:5000"] };
const usage = (e: unknown) => isDredgeError(e, "USAGE");

it("admits registry references, normalised, as one dedupe key", () => {
  const a = admitTarget("debian:12", closed);
  const b = admitTarget("docker.io/library/debian:12", closed);
  assert.equal(a.target, "registry:docker.io/library/debian:12");
  assert.equal(a.dedupeKey, b.dedupeKey);
  assert.equal(a.reference?.repository, "library/debian");
  assert.equal(admitTarget("docker://ghcr.io/org/app:1", closed).target, "registry:ghcr.io/org/app:1");
});

it("refuses local paths unless allowed, and never directories, SBOMs or the engine", () => {
  for (const path of ["/etc/passwd", "./image.tar", "oci:/srv/layout", "oci-archive:/x.tar"]) assert.throws(() => admitTarget(path, closed), usage, path);
  assert.equal(admitTarget("oci-archive:/x.tar", open).dedupeKey, "local:/x.tar");
  for (const t of ["rootfs:/", "fs:/srv", "sbom:/x.json", "daemon:app"]) assert.throws(() => admitTarget(t, open), usage, t);
});

it("refuses registries on literal private addresses unless listed", () => {
  for (const r of ["127.0.0.1:5000/a:1", "localhost:5000/a:1", "10.1.2.3/a:1", "192.168.0.9:443/a", "169.254.169.254/a", "[::1]:5000/a"]) {
    assert.throws(() => admitTarget(r, closed), usage, r);
  }
  assert.equal(admitTarget("127.0.0.1:5000/a:1", open).target, "registry:127.0.0.1:5000/a:1");
  assert.throws(() => admitTarget("Not A Reference!", closed), (e) => isDredgeError(e, "INVALID_REFERENCE"));
});

it("parses --listen", () => {
  assert.deepEqual(parseListen("127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
  assert.deepEqual(parseListen(":0"), { host: "127.0.0.1", port: 0 });
  assert.deepEqual(parseListen("[::1]:9000"), { host: "::1", port: 9000 });
  for (const bad of ["8080", "host:99999", "a:b"]) assert.equal(parseListen(bad), undefined, bad);
});
