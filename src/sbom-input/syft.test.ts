/** Syft-shaped CycloneDX and SPDX (hand-written in testdata/, see its README). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { silentLogger } from "../util/log.js";
import { readSbom } from "./index.js";

const td = (name: string) => join(import.meta.dirname, "testdata", name);

describe("Syft SBOMs", () => {
  it("CycloneDX: apk with origin, Go modules, Python, binaries, OS component, layers", async () => {
    const inv = await readSbom(td("syft-alpine-cyclonedx.json"), { logger: silentLogger });
    assert.deepEqual(inv.os, { family: "alpine", name: "3.18.4", prettyName: "Alpine Linux v3.18" });
    assert.deepEqual(
      inv.packages.map((p) => `${p.type}:${p.name}@${p.version}`),
      ["apk:busybox@1.36.1-r5", "apk:libcrypto3@3.1.4-r0", "golang:github.com/google/uuid@v1.3.0", "golang:stdlib@1.21.5", "pypi:requests@2.31.0", "binary:python@3.11.6"],
    );
    const crypto = inv.packages[1]!;
    assert.deepEqual(crypto.source, { name: "openssl", version: "3.1.4-r0" });
    assert.equal(crypto.arch, "x86_64");
    assert.deepEqual(crypto.licenses, ["Apache-2.0"]);
    assert.equal(crypto.layer?.diffId, "sha256:cc2447e1835a40530975ab80bb1f872fbab0f2a0faecf2ab16fbbb89b3589438");
    assert.deepEqual(crypto.locations.map((l) => l.path), ["/lib/apk/db/installed"]);
    assert.equal(inv.packages[4]!.locations.length, 2);
    assert.equal(inv.layers.length, 2);
    assert.equal(inv.target.name, "alpine");
    assert.equal(inv.target.manifestDigest, "sha256:c5b1261d6d3e43071626931fc004f70149baeba2c8ec672bd4f27761f8e1ad6b");
    assert.ok(inv.warnings.some((w) => w.includes("1 component(s) without a purl")));
  });

  it("SPDX: deb upstream name@version with epochs, npm scopes, LicenseRef names, OS from distro qualifier", async () => {
    const inv = await readSbom(td("syft-debian-spdx.json"), { logger: silentLogger });
    assert.deepEqual(inv.os, { family: "debian", name: "12" });
    const by = (n: string) => inv.packages.find((p) => p.name === n)!;
    assert.deepEqual(by("libc6").source, { name: "glibc", version: "2.36-9+deb12u4" });
    assert.deepEqual(by("libc6").licenses, ["GPL-2.0-only", "LGPL-2.1-only", "GPL"]);
    assert.deepEqual(by("libgcc-s1").source, { name: "gcc-12", version: "12.2.0-14" });
    assert.equal(by("login").version, "1:4.13+dfsg1-1+b1");
    assert.equal(by("login").epoch, undefined);
    assert.deepEqual(by("login").source, { name: "shadow", version: "1:4.13+dfsg1-1" });
    assert.equal(by("libgcc-s1").licenses, undefined);
    assert.equal(by("@babel/core").type, "npm");
    assert.equal(inv.packages.length, 5);
    assert.equal(inv.target.name, "debian");
    assert.deepEqual(inv.target.repoTags, ["debian:12"]);
    assert.equal(inv.target.platform?.architecture, "amd64");
  });
});
