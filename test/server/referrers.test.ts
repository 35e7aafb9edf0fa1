/**
 * The per-registry `referrers` option, both storage adapters, on Debian's docker-registry (tag schema): a scan
 * of an image of the configured registry pushes its CycloneDX SBOM and SARIF report as referrers of the image;
 * a second scan of the same image pushes nothing more; the option shows in the registry record.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { RegistryClient, listReferrers } from "../../src/image/registry/index.js";
import { silentLogger } from "../../src/util/log.js";
import { testImages } from "../helpers/images.js";
import { pushImage, startRegistry, type TestRegistry } from "../helpers/registry.js";
import { adapters } from "./adapters.js";
import { api, startTestServer, waitForScan } from "./harness.js";

let reg: TestRegistry;
let digest: string;
before(async () => {
  reg = await startRegistry();
  const images = testImages();
  const index = JSON.parse(readFileSync(join(images.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  digest = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm")!.digest;
});
after(async () => reg?.stop());

for (const { kind, make } of adapters) {
  describe(`results attached as referrers after a scan on ${kind}`, () => {
    it("pushes the configured SBOM and report once per image and database", async () => {
      const t = await make();
      const repo = `attach/${kind}`;
      await pushImage(reg.host, `oci:${testImages().oci}:bookworm`, `${repo}:1.0`);
      const server = await startTestServer(t.url, { workers: 1, allowLocalTargets: false });
      const client = new RegistryClient({ registry: reg.host, logger: silentLogger, retries: 0 });
      try {
        const admin = api(server.url, await server.token("admin"));
        assert.equal((await admin("POST", "/registries", { host: reg.host, referrers: { sbom: ["xml"] } })).status, 400);
        const created = await admin("POST", "/registries", { host: reg.host, referrers: { sbom: ["cyclonedx"], report: "sarif" } });
        assert.equal(created.status, 201);
        assert.deepEqual(((await created.json()) as { referrers: unknown }).referrers, { sbom: ["cyclonedx"], report: "sarif" });
        for (let round = 0; round < 2; round++) {
          const res = await admin("POST", "/images", { reference: `${reg.host}/${repo}:1.0` });
          const scan = await waitForScan(admin, ((await res.json()) as { scanId: string }).scanId);
          assert.equal(scan.state, "done", scan.error ?? "");
          const list = await listReferrers(client, repo, digest);
          assert.equal(list.via, "tag");
          assert.deepEqual(list.referrers.map((d) => d.artifactType).sort(), ["application/sarif+json", "application/vnd.cyclonedx+json"], `round ${round}`);
          for (const d of list.referrers) assert.ok(d.annotations?.["org.opencontainers.image.created"]);
        }
      } finally {
        await client.close();
        await server.dispose();
        await t.drop();
      }
    });
  });
}
