import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { buildDatabase } from "../../src/db/build.js";
import type { VulnerabilityFinding } from "../../src/model/finding.js";
import { scanTarget } from "../../src/scan/index.js";
import { sqlCatalog } from "../../src/server/catalog/catalog.js";
import { silentLogger } from "../../src/util/log.js";
import { testImages } from "../helpers/images.js";
import { allFindings, feeds, idsOf, pypaDir } from "../scan/fixture-db.js";
import { adapters } from "./adapters.js";
import { api, fixtureDatabase, startTestServer, testScanOptions, waitForScan, type Api } from "./harness.js";

after(async () => rm((await fixtureDatabase()).dir, { recursive: true, force: true }));

interface Listing<T> {
  items: T[];
  nextCursor: string | null;
  complete: boolean;
  pending: number;
}
type VulnImage = { digest: string; findings: { id: string; aliases: string[]; package: { name: string; purl: string }; installedVersion: string; fixedVersions: string[]; severity: string; kev: boolean }[] };
type PkgImage = { digest: string; packages: { name: string; version: string; purl: string; layer: { index: number } | null }[] };
type ListImage = { digest: string; summary: { counts: Record<string, number>; kev: number; fixable: number } | null };

const get = async <T>(call: Api, path: string): Promise<T> => {
  const res = await call("GET", path);
  assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
  return (await res.json()) as T;
};

/** Every page of a listing, following nextCursor. */
async function allPages<T>(call: Api, path: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const page: Listing<T> = await get(call, `${path}${path.includes("?") ? "&" : "?"}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    assert.ok(page.items.length <= limit);
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const complete = (call: Api) => until("the findings index", async () => ((await get<Listing<unknown>>(call, "/images?limit=1")).complete ? true : undefined));

/** The CLI's findings of the archive against a database (the reference the index must agree with). */
async function cliFindings(target: string, db: string): Promise<VulnerabilityFinding[]> {
  const dir = await mkdtemp(join(tmpdir(), "dredge-cli-"));
  try {
    const { reports } = await scanTarget(target, await testScanOptions({ scanners: "vuln", db }), { logger: silentLogger, cacheDir: dir, tmpDir: dir });
    return reports.flatMap(allFindings).filter((f) => !f.suppressed);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const pairs = (list: { package: { name: string }; installedVersion: string }[]) => list.map((f) => `${f.package.name}@${f.installedVersion}`).sort();

let pypaOnly: Promise<string> | undefined;
/** A second, newer database: the PyPA advisories and KEV only (no GHSA), built after the fixture database. */
function secondDatabase(): Promise<string> {
  return (pypaOnly ??= (async () => {
    const first = await fixtureDatabase();
    const output = join(first.dir, "pypa-only.db");
    await buildDatabase({ output, logger: silentLogger, sources: [{ name: "osv", location: pypaDir }, { name: "kev", location: join(feeds, "cisa-kev/known_exploited_vulnerabilities.json") }] });
    return output;
  })());
}

for (const { kind, make } of adapters) {
  describe(`fleet queries on ${kind}`, () => {
    it("answers from the indexes after a real scan: vulnerabilities by id or alias, packages with VERS ranges, tags, risk order, pages", async () => {
      const images = testImages();
      const t = await make();
      const server = await startTestServer(t.url, { workers: 1 });
      try {
        const call = api(server.url, await server.token("admin"));
        const scan = await waitForScan(call, ((await (await call("POST", "/images", { reference: images.ociArchive })).json()) as { scanId: string }).scanId);
        assert.equal(scan.state, "done", scan.error ?? "");
        const digest = scan.digest!;

        // Written after the scan: indexed as soon as it is done.
        const expected = await cliFindings(images.ociArchive, (await fixtureDatabase()).path);
        assert.ok(expected.length > 0, "the fixture database matches something in bookworm");
        const withAlias = expected.find((f) => f.aliases.length > 0) ?? expected[0]!;
        for (const name of idsOf(withAlias)) {
          for (const asked of [name, name.toLowerCase()]) {
            const r = await get<Listing<VulnImage>>(call, `/vulnerabilities/${encodeURIComponent(asked)}/images`);
            assert.equal(r.complete, true);
            assert.deepEqual(r.items.map((i) => i.digest), [digest], asked);
            const want = expected.filter((f) => idsOf(f).some((x) => x.toUpperCase() === name.toUpperCase()));
            assert.deepEqual(pairs(r.items[0]!.findings), pairs(want), asked);
            const f = r.items[0]!.findings.find((x) => x.package.name === withAlias.package.name)!;
            assert.deepEqual([f.severity, f.fixedVersions, f.kev], [withAlias.severity, withAlias.fixedVersions, withAlias.kev !== undefined]);
          }
        }
        for (const f of expected) {
          const r = await get<Listing<VulnImage>>(call, `/vulnerabilities/${f.id}/images`);
          assert.deepEqual(r.items.map((i) => i.digest), [digest], f.id);
        }
        assert.deepEqual((await get<Listing<VulnImage>>(call, "/vulnerabilities/CVE-1900-0001/images")).items, []);
        assert.equal((await call("GET", "/vulnerabilities/not%20an%20id/images")).status, 400);

        // Packages: a dpkg package of the generated image (expected.json) and an npm package as the inventory names it.
        const dpkg = images.expected.bookworm.dpkg[0]!;
        const purl = `pkg:deb/debian/${dpkg.name}`;
        const hit = await get<Listing<PkgImage>>(call, `/packages?purl=${encodeURIComponent(purl)}`);
        assert.deepEqual(hit.items.map((i) => i.digest), [digest]);
        assert.equal(hit.complete, true);
        assert.deepEqual(hit.items[0]!.packages.map((p) => [p.name, p.version]), [[dpkg.name, dpkg.version]]);
        assert.equal(typeof hit.items[0]!.packages[0]!.layer?.index, "number");
        const inRange = async (vers: string) => (await get<Listing<PkgImage>>(call, `/packages?purl=${encodeURIComponent(purl)}&vers=${encodeURIComponent(vers)}`)).items.length === 1;
        assert.equal(await inRange(`vers:deb/${dpkg.version}`), true);
        assert.equal(await inRange(`vers:deb/>=${dpkg.version}`), true);
        assert.equal(await inRange(`vers:deb/<${dpkg.version}`), false);
        assert.equal(await inRange(`vers:deb/!=${dpkg.version}`), false);
        assert.equal(await inRange("vers:deb/*"), true);
        assert.equal((await get<Listing<PkgImage>>(call, `/packages?purl=${encodeURIComponent(`${purl}@${dpkg.version}`)}`)).items.length, 1);
        const { packages } = await get<{ packages: { type: string; name: string; version: string; purl: string }[] }>(call, `/images/${digest}/packages`);
        const npm = packages.find((p) => p.type === "npm")!;
        const npmPurl = npm.purl.replace(/@[^@/?#]*(?=$|[?#])/, "").replace(/[?#].*$/, "");
        assert.equal((await get<Listing<PkgImage>>(call, `/packages?purl=${encodeURIComponent(npmPurl)}&vers=${encodeURIComponent(`vers:npm/>=${npm.version}`)}`)).items.length, 1, npmPurl);
        const bad = async (query: string, why: RegExp) => {
          const r = await call("GET", `/packages?${query}`);
          assert.equal(r.status, 400, query);
          assert.match(((await r.json()) as { detail: string }).detail, why, query);
        };
        await bad(`purl=${encodeURIComponent(purl)}&vers=${encodeURIComponent("vers:deb/<1.0|<2.0")}`, /must alternate/);
        await bad(`purl=${encodeURIComponent(purl)}&vers=${encodeURIComponent("vers:npm/<1.0.0")}`, /vers:npm compares semver versions, but deb packages have deb versions/);
        await bad(`purl=${encodeURIComponent(purl)}&vers=${encodeURIComponent("vers:deb/1.0|1.0")}`, /occurs more than once/);
        await bad("purl=openssl", /not a package URL/);
        await bad(`vers=${encodeURIComponent("vers:deb/*")}`, /purl/);

        // Tag history: the same digest seen under three references.
        const catalog = sqlCatalog(server.db);
        const inventory = (await catalog.getInventory(digest))!;
        const image = (await catalog.getImage(digest))!;
        await catalog.putImage({ ...image, reference: "registry.example/team/app:1", registry: "registry.example", repo: "team/app", tag: "1" }, inventory, Date.now() + 1);
        await catalog.putImage({ ...image, reference: "registry.example/team/app:latest", registry: "registry.example", repo: "team/app", tag: "latest" }, inventory, Date.now() + 2);
        await catalog.putImage({ ...image, reference: "registry.example/team/app:1", registry: "registry.example", repo: "team/app", tag: "1" }, inventory, Date.now() + 3);
        const meta = await get<{ tag: string; tags: { reference: string; tag: string | null; firstSeen: number; lastSeen: number }[] }>(call, `/images/${digest}`);
        assert.deepEqual(meta.tags.map((x) => x.reference), ["registry.example/team/app:1", "registry.example/team/app:latest", image.reference]);
        assert.ok(meta.tags[0]!.firstSeen < meta.tags[0]!.lastSeen);
        assert.equal(meta.tag, "1");

        // Copies of the real inventory under other digests, and images without packages: pages and risk order.
        const copies = Array.from({ length: 6 }, (_, i) => `sha256:${String(i + 1).repeat(64)}`);
        const empty = ["sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64)];
        const noPackages = { ...inventory, packages: [] };
        for (const d of copies) await catalog.putImage({ ...image, digest: d, reference: `other.example/r:${d.slice(7, 10)}`, registry: "other.example", repo: "r", tag: d.slice(7, 10) }, inventory);
        for (const d of empty) await catalog.putImage({ ...image, digest: d, reference: "other.example/empty:1", registry: "other.example", repo: "empty", tag: "1" }, noPackages);
        await complete(call);
        const vulnerable = [...copies, digest].sort();
        assert.deepEqual((await allPages<VulnImage>(call, `/vulnerabilities/${withAlias.id}/images`, 3)).map((i) => i.digest), vulnerable);
        assert.deepEqual((await allPages<PkgImage>(call, `/packages?purl=${encodeURIComponent(purl)}`, 2)).map((i) => i.digest), vulnerable);
        assert.deepEqual((await allPages<ListImage>(call, "/images", 4)).map((i) => i.digest), [...vulnerable, ...empty].sort());
        const risk = await allPages<ListImage>(call, "/images?sort=risk", 3);
        assert.deepEqual(risk.map((i) => i.digest), [...[...vulnerable].sort().reverse(), ...[...empty].sort().reverse()]);
        assert.deepEqual(risk.map((i) => i.summary!.counts.CRITICAL), risk.map((i) => i.summary!.counts.CRITICAL).sort((a, b) => (b ?? 0) - (a ?? 0)));
        const counts = risk[0]!.summary!;
        assert.equal(Object.values(counts.counts).reduce((a, b) => a + b, 0), expected.length);
        assert.equal(counts.fixable, expected.filter((f) => f.fixedVersions.length > 0).length);
        assert.deepEqual((await allPages<ListImage>(call, "/images?registry=other.example&severity=UNKNOWN", 5)).map((i) => i.digest), [...copies].sort());
        assert.deepEqual((await allPages<ListImage>(call, "/images?registry=nowhere.example", 5)), []);
        assert.equal((await call("GET", "/images?sort=risk&cursor=bogus")).status, 400);
        assert.equal((await call("GET", "/images?sort=size")).status, 400);

        // Deleting an image removes its index rows.
        assert.equal((await call("DELETE", `/images/${copies[0]}`)).status, 204);
        for (const table of ["image_packages", "image_findings", "image_summaries", "image_tags"]) {
          assert.equal((await server.db.all(`SELECT 1 AS x FROM ${table} WHERE digest = ?`, [copies[0]])).length, 0, table);
        }
        assert.ok(!(await allPages<VulnImage>(call, `/vulnerabilities/${withAlias.id}/images`, 50)).some((i) => i.digest === copies[0]));
      } finally {
        await server.dispose();
        await t.drop();
      }
    });

    it("re-indexes when the database version changes; a process with an older database stands down", async () => {
      const images = testImages();
      const t = await make();
      const [first, second] = [(await fixtureDatabase()).path, await secondDatabase()];
      const one = await startTestServer(t.url, { workers: 1 });
      let digest: string;
      let ghsaOnly: VulnerabilityFinding | undefined;
      const [before, afterChange] = await Promise.all([cliFindings(images.ociArchive, first), cliFindings(images.ociArchive, second)]);
      try {
        const call = api(one.url, await one.token("reader"));
        const scanner = api(one.url, await one.token("scanner"));
        const scan = await waitForScan(call, ((await (await scanner("POST", "/images", { reference: images.ociArchive })).json()) as { scanId: string }).scanId);
        digest = scan.digest!;
        const catalog = sqlCatalog(one.db);
        const inventory = (await catalog.getInventory(digest))!;
        const image = (await catalog.getImage(digest))!;
        for (let i = 0; i < 60; i++) await catalog.putImage({ ...image, digest: `sha256:${i.toString(16).padStart(64, "0")}` }, inventory);
        await complete(call);
        ghsaOnly = before.find((f) => !afterChange.some((g) => g.id === f.id));
        assert.ok(ghsaOnly, "the first database has findings the second has not");
        assert.equal((await allPages<VulnImage>(call, `/vulnerabilities/${ghsaOnly.id}/images`, 500)).length, 61);
        // As if stored before the package index existed (schema 2): the next server indexes their packages.
        await one.db.run("DELETE FROM image_packages");
        await one.db.run("UPDATE images SET packages_indexed = 0");
      } finally {
        await one.dispose();
      }
      // A newer database: every image is pending for its version and indexed in the background, in batches.
      const two = await startTestServer(t.url, { workers: 0, scanOptions: await testScanOptions({ db: second }) });
      let three: Awaited<ReturnType<typeof startTestServer>> | undefined;
      try {
        const call = api(two.url, await two.token("reader"));
        await complete(call);
        const dpkg = images.expected.bookworm.dpkg[0]!;
        const pkgs = await until("the package backfill", async () => {
          const r = await get<Listing<PkgImage>>(call, `/packages?purl=${encodeURIComponent(`pkg:deb/debian/${dpkg.name}`)}&limit=500`);
          return r.complete ? r : undefined;
        });
        assert.equal(pkgs.items.length, 61);
        assert.deepEqual((await get<Listing<VulnImage>>(call, `/vulnerabilities/${ghsaOnly.id}/images`)).items, []);
        for (const f of afterChange) {
          const r = await get<Listing<VulnImage>>(call, `/vulnerabilities/${f.id}/images?limit=500`);
          assert.equal(r.items.length, 61, f.id);
          assert.ok(r.items.find((i) => i.digest === digest)!.findings.some((x) => x.package.name === f.package.name && x.installedVersion === f.installedVersion));
        }
        const summary = (await get<{ items: ListImage[] }>(call, `/images?limit=500`)).items.find((i) => i.digest === digest)!.summary!;
        assert.equal(Object.values(summary.counts).reduce((a, b) => a + b, 0), afterChange.length);
        const versions = await until("the older rows to go", async () => {
          const v = await two.db.all<{ db_version: string }>("SELECT DISTINCT db_version FROM image_summaries");
          return v.length === 1 ? v : undefined;
        });
        assert.match(versions[0]!.db_version, /^\d{4}-/);

        // A process still on the first (older) database does not fight: it says its index is incomplete.
        three = await startTestServer(t.url, { workers: 0, scanOptions: await testScanOptions({ db: first }) });
        const old = api(three.url, await three.token("reader"));
        await new Promise((r) => setTimeout(r, 500));
        const r = await get<Listing<VulnImage>>(old, `/vulnerabilities/${ghsaOnly.id}/images`);
        assert.deepEqual([r.complete, r.pending, r.items.length], [false, 61, 0]);
        assert.equal((await two.db.all("SELECT DISTINCT db_version FROM image_summaries")).length, 1, "the newer rows stay");
      } finally {
        await three?.dispose();
        await two.dispose();
        await t.drop();
      }
    });
  });
}
