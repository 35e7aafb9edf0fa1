import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { schemaErrors, schemaValidator } from "../../src/report/testing.js";
import { scanTarget } from "../../src/scan/index.js";
import { sqlQueue } from "../../src/server/queue/queue.js";
import { defaultQueueSettings } from "../../src/server/queue/types.js";
import { silentLogger } from "../../src/util/log.js";
import { testImages } from "../helpers/images.js";
import { allFindings } from "../scan/fixture-db.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions, waitForScan } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

const key = (f: { id: string; package: { name: string; version: string } }) => `${f.id} ${f.package.name}@${f.package.version}`;

async function cliFindings(target: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "dredge-cli-"));
  try {
    const { reports } = await scanTarget(target, await testScanOptions({ scanners: "vuln" }), { logger: silentLogger, cacheDir: dir, tmpDir: dir });
    return reports.flatMap(allFindings).map(key).sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

for (const { kind, make } of adapters) {
  describe(`server end to end on ${kind}`, () => {
    it("dedupes 100 requests, survives a dead worker, serves the CLI's findings and a valid SBOM", async () => {
      const images = testImages();
      const t = await make();
      // The API alone (--workers 0): nothing runs, every request finds the same queued scan.
      const apiServer = await startTestServer(t.url, { workers: 0 });
      let workerServer: Awaited<ReturnType<typeof startTestServer>> | undefined;
      try {
        const call = api(apiServer.url, await apiServer.token("admin"));
        const posts = await Promise.all(Array.from({ length: 100 }, () => call("POST", "/images", { reference: images.ociArchive })));
        assert.deepEqual([...new Set(posts.map((r) => r.status))], [202]);
        const bodies = (await Promise.all(posts.map((r) => r.json()))) as { scanId: string; created: boolean }[];
        assert.equal(new Set(bodies.map((b) => b.scanId)).size, 1, "one scan");
        assert.equal(bodies.filter((b) => b.created).length, 1);
        const id = bodies[0]!.scanId;

        // A worker takes the job and dies (never renews, never finishes).
        const dead = await sqlQueue(apiServer.db, { ...defaultQueueSettings, leaseMs: 1500 }).claim("dead-worker");
        assert.equal(dead?.id, id);
        // Workers only (no HTTP), on the same database: they take the job once the lease expires.
        workerServer = await startTestServer(t.url, { workers: 1, listen: undefined });
        const scan = await waitForScan(call, id);
        assert.equal(scan.state, "done", scan.error ?? "");
        assert.equal(scan.attempts, 2);
        const digest = scan.digest!;

        const vulns = (await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as { vulnerabilities: { id: string; package: { name: string; version: string } }[] };
        const served = vulns.vulnerabilities.map(key).sort();
        assert.ok(served.length > 0, "the fixture DB matches something in bookworm");
        assert.deepEqual(served, await cliFindings(images.ociArchive));

        const sbom = await call("GET", `/images/${digest}/sbom?format=cyclonedx`);
        assert.equal(sbom.status, 200);
        assert.deepEqual(schemaErrors(schemaValidator("cyclonedx"), await sbom.json()), []);
        const spdx = await call("GET", `/images/${digest}/sbom?format=spdx-json`);
        assert.deepEqual(schemaErrors(schemaValidator("spdx"), await spdx.json()), []);

        const sarif = await call("GET", `/images/${digest}/report?format=sarif`);
        assert.equal(sarif.status, 200);
        assert.deepEqual(schemaErrors(schemaValidator("sarif"), await sarif.json()), []);

        const meta = (await (await call("GET", `/images/${digest}`)).json()) as { layers: unknown[]; distro: string };
        assert.equal(meta.layers.length, images.expected.bookworm.layers);
        assert.match(meta.distro, /^debian /);
        const pkgs = (await (await call("GET", `/images/${digest}/packages`)).json()) as { packages: { name: string }[] };
        for (const d of images.expected.bookworm.dpkg) assert.ok(pkgs.packages.some((p) => p.name === d.name), d.name);

        // Stored by a worker of another process: the API's indexer finds it pending and indexes it.
        let list: { items: { digest: string }[]; nextCursor: string | null; complete: boolean } | undefined;
        for (let i = 0; i < 300 && !list?.complete; i++) {
          if (list) await new Promise((r) => setTimeout(r, 100));
          list = (await (await call("GET", "/images?severity=LOW")).json()) as typeof list;
        }
        if (!list) throw new Error("no listing");
        assert.deepEqual(list.items.map((i) => i.digest), [digest]);
        assert.equal(list.nextCursor, null);

        const db = (await (await call("GET", "/db")).json()) as { builtAt: string; schemaVersion: number; ageSeconds: number };
        assert.equal(typeof db.builtAt, "string");
        assert.ok(db.schemaVersion > 0 && db.ageSeconds >= 0);

        const metrics = await (await call("GET", "/metrics")).text();
        assert.match(metrics, /dredge_queue_depth\{lane="manual"\} 0/);
        assert.match(metrics, /dredge_scans\{state="done"\} 1/);
        assert.match(metrics, /dredge_findings_index_pending 0/);

        assert.equal((await call("DELETE", `/images/${digest}`)).status, 204);
        assert.equal((await call("GET", `/images/${digest}`)).status, 404);
      } finally {
        await workerServer?.dispose();
        await apiServer.dispose();
        await t.drop();
      }
    });
  });
}
