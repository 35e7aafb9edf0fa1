import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDredgeError } from "../../../errors.js";
import { memoryLogger, type LogRecord } from "../../../util/log.js";
import { listFiles, redhatDir } from "../../../../test/helpers/feed-server.js";
import { serveFiles, vexCsv, vexTar, zstdCli, type FileServer, type VexDoc } from "../../../../test/helpers/redhat-vex.js";
import { buildDatabase } from "../../build.js";
import { openAdvisoryStore } from "../../store.js";
import type { FetchContext, RawRecord } from "../types.js";
import { redhatSource } from "./index.js";
import { transformCsaf } from "./transform.js";

const ARCHIVE = "csaf_vex_2026-11-20.tar.zst";
const fixturePaths = listFiles(redhatDir, [".json"]).map((f) => f.slice(redhatDir.length + 1));
const CHANGED = "2025/rhsa-2025_23414.json"; // served newer: CVE-2025-40778's fixed products become known_affected
const CURRENT = "2024/rhsa-2024_9371.json"; // listed after the archive date, but the archive entry is that version
const DELETED = "2023/cve-2023-0001.json"; // in the archive, listed in deletions.csv
const GONE = "2026/cve-2026-0001.json"; // listed as changed, answers 404
const read = (p: string): Buffer => readFileSync(join(redhatDir, p));

/** The CHANGED document with CVE-2025-40778's fixed products moved to known_affected. */
function changedCopy(): Buffer {
  const doc = JSON.parse(read(CHANGED).toString("utf8")) as { vulnerabilities: { cve: string; product_status: Record<string, string[]> }[] };
  const v = doc.vulnerabilities.find((x) => x.cve === "CVE-2025-40778")!;
  v.product_status.known_affected = v.product_status.fixed ?? [];
  delete v.product_status.fixed;
  return Buffer.from(JSON.stringify(doc));
}

async function upstream(opts: { latest?: boolean; archive?: (z: Buffer) => Buffer } = {}): Promise<Map<string, Buffer | string>> {
  const docs: VexDoc[] = fixturePaths.map((path) => ({
    path, body: read(path), mtime: new Date(path === CURRENT ? "2026-11-20T06:00:00Z" : "2026-11-19T12:00:00Z"),
  }));
  docs.push({ path: DELETED, body: read(fixturePaths[0]!), mtime: new Date("2026-11-01T00:00:00Z") });
  const archive = zstdCli(await vexTar(docs, [{ path: "index.txt", body: Buffer.from("not a document\n") }]));
  const m = new Map<string, Buffer | string>([
    ["/vex/csaf_vex_2026-11-20.tar.zst", opts.archive ? opts.archive(archive) : archive],
    ["/vex/changes.csv", vexCsv([[GONE, "2026-11-22T09:00:00+00:00"], [CHANGED, "2026-11-21T08:00:00+00:00"], [CURRENT, "2026-11-20T05:00:00+00:00"], [DELETED, "2026-10-30T00:00:00+00:00"]])],
    ["/vex/deletions.csv", vexCsv([[DELETED, "2026-11-10T00:00:00+00:00"]])],
    ["/vex/index.txt", fixturePaths.join("\n") + "\n"],
    [`/vex/${CHANGED}`, changedCopy()],
  ]);
  if (opts.latest !== false) m.set("/vex/archive_latest.txt", `${ARCHIVE}\n`);
  for (const p of fixturePaths) if (p !== CHANGED) m.set(`/vex/${p}`, read(p));
  return m;
}

interface Run { records: RawRecord[]; error?: unknown; logs: LogRecord[]; lastUpdate?: string; tmpLeft: string[] }

async function run(location: string, local = false): Promise<Run> {
  const logger = memoryLogger();
  const tmp = mkdtempSync(join(tmpdir(), "dredge-redhat-"));
  const out: Run = { records: [], logs: logger.records, tmpLeft: [] };
  const ctx: FetchContext = { location, local, logger, tmpDir: tmp, setLastUpdate: (iso) => void (out.lastUpdate = iso) };
  try {
    for await (const r of redhatSource.fetch(ctx)) out.records.push(r);
  } catch (err) {
    out.error = err;
  }
  out.tmpLeft = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  return out;
}

const status = (data: unknown, pkg: string, cve: string): string[] =>
  [...new Set(transformCsaf({ id: "x", origin: "x", data }).affected.filter((a) => a.packageName === pkg && a.vulnerabilityId === cve).map((a) => a.status))];

describe("redhat feed: VEX archive + changes.csv", () => {
  let server: FileServer;
  let r: Run;
  before(async () => {
    server = await serveFiles(await upstream());
    r = await run(`${server.url}/vex`);
  });
  after(() => server?.close());

  it("yields each fixture document once: the archive's, then the newer copy of the changed one", () => {
    assert.equal(r.error, undefined);
    assert.equal(r.records.length, fixturePaths.length);
    assert.deepEqual(r.records.map((x) => x.id).sort(), [...fixturePaths].sort());
    assert.ok(r.records.every((x) => x.error === undefined && x.data !== undefined));
    assert.equal(r.records.at(-1)?.origin, `${server.url}/vex/${CHANGED}`);
    for (const x of r.records.slice(0, -1)) assert.equal(x.origin, `${ARCHIVE}!${x.id}`);
    assert.deepEqual(status(r.records.at(-1)?.data, "bind-utils", "CVE-2025-40778"), ["affected"]);
  });

  it("requests only the index files, the archive and the documents changed since (a 404 is skipped)", () => {
    const files = server.requests.filter((p) => p.endsWith(".json")).sort();
    assert.deepEqual(files, [`/vex/${CHANGED}`, `/vex/${GONE}`].sort());
    assert.ok(server.requests.includes(`/vex/${ARCHIVE}`));
    assert.ok(!server.requests.includes("/vex/index.txt"));
    assert.deepEqual(r.logs.filter((l) => l.level === "warn"), []);
    assert.equal(r.lastUpdate, "2026-11-22T09:00:00.000Z");
    assert.deepEqual(r.tmpLeft, [], "the archive is removed after the walk");
  });
});

describe("redhat feed: the newer copy replaces the archive's rows in the database", () => {
  it("CVE-2025-40778 bind-utils on RHEL 6 is affected (archive: fixed), CVE-2021-25220 stays fixed", async () => {
    assert.deepEqual(status(JSON.parse(read(CHANGED).toString("utf8")), "bind-utils", "CVE-2025-40778"), ["fixed"], "the archive copy says fixed");
    const server = await serveFiles(await upstream());
    const dir = mkdtempSync(join(tmpdir(), "dredge-redhat-db-"));
    try {
      const summary = await buildDatabase({ output: join(dir, "db.sqlite"), sources: [{ name: "redhat", location: `${server.url}/vex` }], logger: memoryLogger() });
      assert.equal(summary.sources[0]?.records, fixturePaths.length);
      const store = openAdvisoryStore(join(dir, "db.sqlite"));
      try {
        const rows = store.lookup("redhat:6", "bind-utils");
        const changed = rows.find((x) => x.vulnerabilityId === "CVE-2025-40778");
        assert.equal(changed?.status, "affected");
        assert.deepEqual(changed?.fixedVersions, []);
        assert.equal(rows.find((x) => x.vulnerabilityId === "CVE-2021-25220")?.status, "fixed");
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await server.close();
    }
  });
});

describe("redhat feed: fallbacks and failures", () => {
  it("without archive_latest.txt: every file of index.txt, with a warning", async () => {
    const server = await serveFiles(await upstream({ latest: false }));
    try {
      const r = await run(`${server.url}/vex`);
      assert.equal(r.error, undefined);
      assert.equal(r.records.length, fixturePaths.length);
      assert.ok(r.logs.some((l) => l.level === "warn" && /archive_latest\.txt not found/.test(l.msg)));
      assert.ok(!server.requests.includes(`/vex/${ARCHIVE}`));
    } finally {
      await server.close();
    }
  });

  for (const [what, damage] of [
    ["truncated", (z: Buffer) => z.subarray(0, Math.floor(z.length / 2))],
    ["corrupt", (z: Buffer) => Buffer.concat([z.subarray(0, 12), Buffer.alloc(z.length - 12, 0xff)])],
  ] as const) {
    it(`a ${what} tar.zst fails with INVALID_ARCHIVE naming the archive`, async () => {
      const server = await serveFiles(await upstream({ archive: damage }));
      try {
        const r = await run(`${server.url}/vex`);
        assert.ok(isDredgeError(r.error, "INVALID_ARCHIVE"), String(r.error));
        assert.match(r.error.message, new RegExp(`Red Hat VEX archive ${ARCHIVE.replace(/\./g, "\\.")}: `));
        assert.ok(r.error.hint);
        assert.ok(r.records.length < fixturePaths.length);
      } finally {
        await server.close();
      }
    });
  }

  it("an archive_latest.txt that does not name a csaf_vex_YYYY-MM-DD.tar.zst → PARSE_ERROR, nothing fetched", async () => {
    const files = await upstream();
    files.set("/vex/archive_latest.txt", "../../etc/passwd\n");
    const server = await serveFiles(files);
    try {
      const r = await run(`${server.url}/vex`);
      assert.ok(isDredgeError(r.error, "PARSE_ERROR"), String(r.error));
      assert.deepEqual(server.requests, ["/vex/archive_latest.txt"]);
    } finally {
      await server.close();
    }
  });

  it("reads a local copy of the archive (every JSON entry, no delta)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dredge-redhat-local-"));
    try {
      const file = join(dir, ARCHIVE);
      writeFileSync(file, (await upstream()).get(`/vex/${ARCHIVE}`)!);
      const r = await run(file, true);
      assert.equal(r.error, undefined);
      assert.deepEqual(r.records.map((x) => x.id).sort(), [...fixturePaths, DELETED].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
