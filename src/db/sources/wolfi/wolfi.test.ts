import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveLoopback } from "../../../../test/helpers/loopback.js";
import { memoryLogger } from "../../../util/log.js";
import { isDredgeError } from "../../../errors.js";
import { buildDatabase, defaultSourceSpecs, parseSourceArg } from "../../build.js";
import { pushDatabase } from "../../distribution/push.js";
import { openAdvisoryStore } from "../../store.js";
import { matchInventory } from "../../../scan/match.js";
import type { Package } from "../../../model/package.js";

/** Written here in Wolfi's security.json shape (no Wolfi data is redistributable, so none is staged). */
const secdb = {
  apkurl: "{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
  archs: ["x86_64", "aarch64"],
  reponame: "os",
  urlprefix: "https://packages.wolfi.dev",
  packages: [
    { pkg: { name: "openssl", secfixes: { "3.3.2-r0": ["CVE-2024-6119"], "3.1.4-r0": ["CVE-2023-5363", "CVE-2023-5678"], "0": ["CVE-2023-0466"] } } },
    { pkg: { name: "busybox", secfixes: { "1.36.1-r7": ["CVE-2023-42363 CVE-2023-42364"] } } },
    { pkg: { name: 42 } },
  ],
};

const apk = (name: string, version: string, origin: string): Package => ({
  type: "apk", name, version, source: { name: origin, version }, purl: `pkg:apk/wolfi/${name}@${version}`, locations: [{ path: "/lib/apk/db/installed" }],
});

describe("wolfi: a user-built source, never published", () => {
  it("is not in the default build", () => {
    const names = defaultSourceSpecs().map((s) => s.name);
    assert.ok(!names.includes("wolfi") && !names.includes("chainguard"));
    assert.ok(names.includes("alpine"));
  });

  it("builds from the upstream URL layout (loopback), matches by origin package, refuses to be pushed", async () => {
    const server = await serveLoopback((u) => (u.pathname === "/os/security.json" ? { body: JSON.stringify(secdb), type: "application/json" } : undefined));
    const dir = mkdtempSync(join(tmpdir(), "dredge-wolfi-"));
    try {
      const logger = memoryLogger();
      const s = await buildDatabase({ output: join(dir, "db"), sources: [parseSourceArg(`wolfi=${server.url}/os/security.json`)], logger });
      assert.deepEqual([s.sources[0]?.records, s.sources[0]?.skipped], [3, 1]);
      const store = openAdvisoryStore(join(dir, "db"));
      try {
        const inv = { target: { name: "t", source: "rootfs" as const, repoTags: [], repoDigests: [] }, os: { family: "wolfi", name: "20230201" }, layers: [], warnings: [] };
        const found = matchInventory({ ...inv, packages: [apk("libcrypto3", "3.1.3-r0", "openssl"), apk("busybox", "1.36.1-r7", "busybox")] }, store, () => {});
        assert.deepEqual(found.map((f) => `${f.package.name} ${f.id} ${f.fixedVersions.join(",")} ${f.status}`).sort(), [
          "libcrypto3 CVE-2023-5363 3.1.4-r0 fixed",
          "libcrypto3 CVE-2023-5678 3.1.4-r0 fixed",
          "libcrypto3 CVE-2024-6119 3.3.2-r0 fixed",
        ]);
      } finally {
        store.close();
      }
      await assert.rejects(
        pushDatabase({ file: join(dir, "db"), reference: "127.0.0.1:1/dredge-db:2", workDir: dir, logger }),
        (err: unknown) => isDredgeError(err, "USAGE") && /wolfi data, whose licence forbids redistribution/.test(err.message),
      );
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a local file too, as chainguard", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-chainguard-"));
    try {
      writeFileSync(join(dir, "security.json"), JSON.stringify({ ...secdb, reponame: "chainguard", urlprefix: "https://packages.cgr.dev" }));
      await buildDatabase({ output: join(dir, "db"), sources: [parseSourceArg(`chainguard=${join(dir, "security.json")}`)], logger: memoryLogger() });
      const store = openAdvisoryStore(join(dir, "db"));
      try {
        assert.deepEqual(store.lookup("chainguard:rolling", "busybox").map((r) => [r.vulnerabilityId, r.source]).sort(), [["CVE-2023-42363", "chainguard"], ["CVE-2023-42364", "chainguard"]]);
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
