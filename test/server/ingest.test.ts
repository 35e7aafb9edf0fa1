import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Inventory } from "../../src/model/inventory.js";
import { inventoryTarget, sbomTarget, scanTarget } from "../../src/scan/index.js";
import { one } from "../../src/server/db/sql.js";
import { silentLogger } from "../../src/util/log.js";
import { fixturesDir, testImages } from "../helpers/images.js";
import { allFindings } from "../scan/fixture-db.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions, waitForScan, type Api } from "./harness.js";

const sbomInputs = join(fixturesDir, "golden/trivy/sbom-inputs");
const key = (f: { id: string; package: { name: string; version: string } }) => `${f.id} ${f.package.name}@${f.package.version}`;

let work: string;
const hooks = () => ({ logger: silentLogger, cacheDir: work, tmpDir: work });

interface Made {
  inventory: Inventory;
  cyclonedx: string;
  spdx: string;
  findings: string[];
}
let made: Made;

before(async () => {
  work = await mkdtemp(join(tmpdir(), "dredge-ingest-"));
  const archive = testImages().ociArchive;
  const options = await testScanOptions({ scanners: "vuln" });
  const [inventory] = await inventoryTarget(archive, options, hooks());
  const cyclonedx = JSON.stringify((await sbomTarget(archive, "cyclonedx", options, hooks())).document);
  const spdx = JSON.stringify((await sbomTarget(archive, "spdx-json", options, hooks())).document);
  const { reports } = await scanTarget(archive, options, hooks());
  made = { inventory: inventory!, cyclonedx, spdx, findings: reports.flatMap(allFindings).map(key).sort() };
});

after(async () => {
  await rm(work, { recursive: true, force: true });
  await rm((await fixtureDatabase()).dir, { recursive: true, force: true });
});

const problemOf = async (r: Response) => {
  assert.match(r.headers.get("content-type") ?? "", /^application\/problem\+json/);
  return (await r.json()) as { status: number; detail: string; code?: string };
};

const post = (call: Api, path: string, body: string, type = "application/json") => call("POST", path, body, { "content-type": type });

async function layerRows(server: { db: { all: (sql: string) => Promise<unknown[]> } }): Promise<number> {
  return (await server.db.all("SELECT key FROM layers")).length;
}

for (const { kind, make } of adapters) {
  describe(`uploads on ${kind}`, () => {
    it("stores Dredge's own CycloneDX and SPDX of a test image as one unverified entry, and third-party SBOMs", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 0 });
      try {
        const call = api(server.url, await server.token("scanner"));
        const digest = made.inventory.target.manifestDigest!;
        assert.ok(digest, "the OCI archive has a manifest digest");

        const cdx = await post(call, "/sboms", made.cyclonedx, "application/vnd.cyclonedx+json");
        assert.equal(cdx.status, 201, await cdx.clone().text());
        const body = (await cdx.json()) as { digest: string; verified: boolean; packages: number; location: string };
        assert.equal(body.digest, digest, "filed under the digest the SBOM names");
        assert.equal(body.verified, false);
        assert.equal(cdx.headers.get("location"), `/api/v1/images/${digest}`);
        assert.equal(body.location, `/api/v1/images/${digest}`);

        const meta = (await (await call("GET", `/images/${digest}`)).json()) as { verified: boolean; source: string; distro: string; layers: unknown[] };
        assert.deepEqual([meta.verified, meta.source], [false, "sbom"]);
        assert.match(meta.distro, /^debian /);
        const pkgs = (await (await call("GET", `/images/${digest}/packages`)).json()) as { packages: { name: string }[] };
        for (const d of testImages().expected.bookworm.dpkg) assert.ok(pkgs.packages.some((p) => p.name === d.name), d.name);
        const vulns = (await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as { vulnerabilities: { id: string; package: { name: string; version: string } }[] };
        assert.ok(made.findings.length > 0);
        assert.deepEqual(vulns.vulnerabilities.map(key).sort(), made.findings, "the SBOM's findings are the image's");
        const report = (await (await call("GET", `/images/${digest}/report?format=json`)).json()) as { artifact: { unverified?: boolean } };
        assert.equal(report.artifact.unverified, true);

        // The SPDX document names the same image: it replaces the unverified entry (both unverified).
        const spdx = await post(call, "/sboms", made.spdx, "application/spdx+json");
        assert.equal(spdx.status, 201, await spdx.clone().text());
        assert.equal(((await spdx.json()) as { digest: string }).digest, digest);
        const again = (await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as { vulnerabilities: { id: string; package: { name: string; version: string } }[] };
        assert.deepEqual(again.vulnerabilities.map(key).sort(), made.findings);

        // Trivy's SBOMs: the CentOS 7 image names its image ID; the fluentd lockfiles name no image.
        const centos = await post(call, "/sboms", await readFile(join(sbomInputs, "centos-7-cyclonedx.json"), "utf8"));
        assert.equal(centos.status, 201, await centos.clone().text());
        const centosKey = ((await centos.json()) as { digest: string }).digest;
        const centosDoc = JSON.parse(await readFile(join(sbomInputs, "centos-7-cyclonedx.json"), "utf8")) as { metadata: { component: { properties: { name: string; value: string }[] } } };
        assert.equal(centosKey, centosDoc.metadata.component.properties.find((p) => p.name === "aquasecurity:trivy:ImageID")?.value);
        const centosMeta = (await (await call("GET", `/images/${centosKey}`)).json()) as { verified: boolean; distro: string; reference: string };
        assert.equal(centosMeta.verified, false);
        assert.match(centosMeta.distro, /^centos 7/);
        assert.equal(centosMeta.reference, "ghcr.io/aquasecurity/trivy-test-images:centos-7");
        const centosSpdx = await post(call, "/sboms", await readFile(join(sbomInputs, "centos-7-spdx.json"), "utf8"), "application/spdx+json");
        assert.equal(centosSpdx.status, 201, await centosSpdx.clone().text());

        const fluentd = await post(call, "/sboms", await readFile(join(sbomInputs, "fluentd-multiple-lockfiles-cyclonedx.json"), "utf8"));
        assert.equal(fluentd.status, 201, await fluentd.clone().text());
        const fluentdKey = ((await fluentd.json()) as { digest: string }).digest;
        const gems = (await (await call("GET", `/images/${fluentdKey}/packages`)).json()) as { packages: { type: string }[] };
        assert.ok(gems.packages.some((p) => p.type === "gem"));
        assert.equal((await call("GET", `/images/${fluentdKey}/vulnerabilities`)).status, 200);

        // A project directory's SBOM names no image: filed under the document's sha256.
        const projectBytes = await readFile(join(sbomInputs, "license-cyclonedx.json"));
        const project = await post(call, "/sboms", projectBytes.toString("utf8"));
        assert.equal(project.status, 201, await project.clone().text());
        const projectKey = ((await project.json()) as { digest: string }).digest;
        assert.equal(projectKey, `sha256:${createHash("sha256").update(projectBytes).digest("hex")}`);
        assert.equal(((await (await call("GET", `/images/${projectKey}`)).json()) as { verified: boolean }).verified, false);

        const list = (await (await call("GET", "/images?limit=10")).json()) as { items: { digest: string; verified: boolean }[] };
        assert.deepEqual(list.items.map((i) => i.verified), [false, false, false, false]);
        assert.equal(await layerRows(server), 0, "nothing uploaded enters the layer cache");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("refuses bad uploads with problem+json: not JSON, not an SBOM, XML, other media types, oversize, unknown inventory fields, bounds", async () => {
      const t = await make();
      // Room for the test image's inventory and SBOM, not much more.
      const limit = Math.max(made.cyclonedx.length, JSON.stringify(made.inventory).length) + 64 * 1024;
      const server = await startTestServer(t.url, { workers: 0, uploadLimit: limit });
      try {
        const call = api(server.url, await server.token("scanner"));
        const bad = await problemOf(await post(call, "/sboms", "{not json"));
        assert.equal(bad.status, 400);
        assert.equal(bad.code, "PARSE_ERROR");
        assert.equal((await problemOf(await post(call, "/sboms", JSON.stringify({ hello: "world" })))).status, 400);
        assert.equal((await problemOf(await post(call, "/sboms", ""))).status, 400);
        const xml = '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"></bom>';
        assert.equal((await problemOf(await post(call, "/sboms", xml, "application/json"))).status, 415);
        assert.equal((await problemOf(await post(call, "/sboms", made.cyclonedx, "text/plain"))).status, 415);
        const padded = JSON.stringify({ ...JSON.parse(made.cyclonedx), padding: "x".repeat(limit) });
        assert.equal((await problemOf(await post(call, "/sboms", padded))).status, 413);

        const inv = made.inventory;
        assert.equal((await problemOf(await post(call, "/inventories", "{nope"))).status, 400);
        const top = await problemOf(await post(call, "/inventories", JSON.stringify({ ...inv, extra: 1 })));
        assert.equal(top.status, 400);
        assert.match(top.detail, /unknown field "extra"/);
        const nested = { ...inv, packages: [{ ...inv.packages[0]!, sneaky: true }, ...inv.packages.slice(1)] };
        assert.match((await problemOf(await post(call, "/inventories", JSON.stringify(nested)))).detail, /packages\.0: unknown field "sneaky"/);
        const wrongType = { ...inv, packages: [{ ...inv.packages[0]!, type: "nope" }] };
        assert.match((await problemOf(await post(call, "/inventories", JSON.stringify(wrongType)))).detail, /packages\.0\.type/);
        const tooMany = { ...inv, packages: [], layers: Array.from({ length: 1001 }, (_, index) => ({ index, diffId: inv.layers[0]!.diffId })) };
        assert.match((await problemOf(await post(call, "/inventories", JSON.stringify(tooMany)))).detail, /layers/);
        const longName = { ...inv, target: { ...inv.target, name: "x".repeat(5000) } };
        assert.match((await problemOf(await post(call, "/inventories", JSON.stringify(longName)))).detail, /target\.name/);
        const big = { ...inv, warnings: Array.from({ length: Math.ceil(limit / 4000) }, () => "w".repeat(4000)) };
        assert.equal((await problemOf(await post(call, "/inventories", JSON.stringify(big)))).status, 413);
        assert.equal((await problemOf(await post(call, "/inventories", "x=1", "application/x-www-form-urlencoded"))).status, 415);
        assert.equal((await call("GET", "/images?limit=10").then((r) => r.json()) as { items: unknown[] }).items.length, 0, "nothing stored");
        // The other routes keep the 64 KiB limit.
        assert.equal((await post(call, "/images", JSON.stringify({ reference: "x".repeat(70_000) }))).status, 413);
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("never replaces a verified entry; a verified scan replaces an unverified one", async () => {
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const call = api(server.url, await server.token("scanner"));
        const digest = made.inventory.target.manifestDigest!;
        const first = await post(call, "/inventories", JSON.stringify(made.inventory));
        assert.equal(first.status, 201, await first.clone().text());
        const up = (await first.json()) as { digest: string; stored: boolean; verified: boolean; match: { findings: { id: string; package: { name: string; version: string } }[] } };
        assert.deepEqual([up.digest, up.stored, up.verified], [digest, true, false]);
        assert.deepEqual(up.match.findings.map(key).sort(), made.findings, "the match is every finding (no filter asked)");
        assert.equal(((await (await call("GET", `/images/${digest}`)).json()) as { verified: boolean }).verified, false);
        const listed = async (q: string) => ((await (await call("GET", `/images?${q}`)).json()) as { items: { digest: string }[] }).items.map((i) => i.digest);
        assert.deepEqual([await listed("verified=false"), await listed("verified=true")], [[digest], []]);
        assert.equal((await call("GET", "/images?verified=yes")).status, 400);
        const before = (await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as { vulnerabilities: unknown[] };

        const posted = (await (await call("POST", "/images", { reference: testImages().ociArchive })).json()) as { scanId: string };
        const scan = await waitForScan(call, posted.scanId);
        assert.deepEqual([scan.state, scan.digest], ["done", digest], scan.error ?? "");
        assert.equal(((await (await call("GET", `/images/${digest}`)).json()) as { verified: boolean }).verified, true, "the scan replaced the unverified entry");
        assert.deepEqual([await listed("verified=false"), await listed("verified=true"), await listed("")], [[], [digest], [digest]]);
        const report = (await (await call("GET", `/images/${digest}/report?format=json`)).json()) as { artifact: { unverified?: boolean } };
        assert.equal(report.artifact.unverified, undefined, "the report is of the new inventory, not a cached one");
        assert.equal(((await (await call("GET", `/images/${digest}/vulnerabilities`)).json()) as { vulnerabilities: unknown[] }).vulnerabilities.length, before.vulnerabilities.length);
        const layers = await layerRows(server);
        assert.ok(layers > 0, "the scan cached its verified layers");

        const sbom = await problemOf(await post(call, "/sboms", made.cyclonedx));
        assert.deepEqual([sbom.status, sbom.code], [409, "CONFLICT"]);
        const client = await post(call, "/inventories", JSON.stringify(made.inventory));
        assert.equal(client.status, 200);
        const matched = (await client.json()) as { stored: boolean; match: { findings: unknown[] } };
        assert.equal(matched.stored, false);
        assert.equal(matched.match.findings.length, made.findings.length, "still matched for the client");
        // An SBOM file named as a scan target (--allow-local-targets) follows the same rule.
        const sbomFile = join(work, "bookworm.cdx.json");
        await writeFile(sbomFile, made.cyclonedx);
        const sbomScan = (await (await call("POST", "/images", { reference: sbomFile })).json()) as { scanId: string };
        const refused = await waitForScan(call, sbomScan.scanId);
        assert.equal(refused.state, "failed");
        assert.match(refused.error ?? "", /verified scan of sha256:/);
        assert.equal(refused.attempts, 1, "not retried");
        const row = await one<{ verified: number }>(server.db, "SELECT verified FROM images WHERE digest = ?", [digest]);
        assert.equal(row?.verified, 1);
        assert.equal(((await (await call("GET", `/images/${digest}/report?format=json`)).json()) as { artifact: { unverified?: boolean } }).artifact.unverified, undefined);
        assert.equal(await layerRows(server), layers, "uploads add nothing to the layer cache");
      } finally {
        await server.dispose();
        await t.drop();
      }
    });
  });
}
