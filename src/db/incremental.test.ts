import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { silentLogger } from "../util/log.js";
import { isDredgeError } from "../errors.js";
import { feedsDir } from "../../test/helpers/feed-server.js";
import { buildDatabase } from "./build.js";
import { openAdvisoryStore } from "./store.js";

const dir = mkdtempSync(join(tmpdir(), "dredge-db-incr-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const fullPage = join(feedsDir, "format-samples/nvd/full-page.json");
const kev = join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json");
interface Page { vulnerabilities: { cve: { id: string; descriptions: { lang: string; value: string }[] } }[] }

function nvdDir(name: string, page: Page): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, "page.json"), JSON.stringify(page));
  return d;
}

describe("db build --incremental", () => {
  it("updates changed NVD records in place, rebuilds named feeds whole, keeps the others", async () => {
    const out = join(dir, "a.db");
    const page = JSON.parse(readFileSync(fullPage, "utf8")) as Page;
    await buildDatabase({ output: out, logger: silentLogger, sources: [
      { name: "nvd", location: nvdDir("nvd-a", page) }, { name: "kev", location: kev },
      { name: "alpine", location: join(feedsDir, "alpine-secdb/json") },
    ] });
    const first = page.vulnerabilities[0]!;
    const cpeRows = (file: string): string[] => {
      const db = new Database(file, { readonly: true });
      const names = db.prepare("SELECT package FROM packages WHERE namespace = 'cpe' AND data LIKE ?").pluck().all(`%"${first.cve.id}"%`) as string[];
      db.close();
      return names;
    };
    assert.ok(cpeRows(out).length > 0, `${first.cve.id} has CPE rows in the sample`);
    // NVD changed the record: a new description and no vulnerable configuration any more.
    const changed: Page = { vulnerabilities: [{ cve: { ...first.cve, descriptions: [{ lang: "en", value: "Changed upstream." }], configurations: [] } as Page["vulnerabilities"][0]["cve"] }] };
    const small = join(dir, "alpine-small/v3.3");
    mkdirSync(small, { recursive: true });
    copyFileSync(join(feedsDir, "alpine-secdb/json/v3.3/main.json"), join(small, "main.json"));
    const s = await buildDatabase({ output: out, logger: silentLogger, incremental: true, sources: [
      { name: "nvd", location: nvdDir("nvd-b", changed) }, { name: "alpine", location: join(dir, "alpine-small") },
    ] });
    assert.equal(s.sources[0]?.records, 1, "only the changed NVD record was read");
    assert.deepEqual(cpeRows(out), [], "the changed record's old rows are replaced, not merged");
    const store = openAdvisoryStore(out);
    try {
      const nvd = store.vulnerability(first.cve.id)?.records.find((r) => r.source === "nvd");
      assert.equal(nvd?.description, "Changed upstream.");
      const second = page.vulnerabilities[1]!.cve.id;
      assert.ok(store.vulnerability(second)?.records.some((r) => r.source === "nvd"), "unchanged NVD records stay");
      const meta = store.metadata();
      assert.equal(meta.sources.find((x) => x.name === "nvd")?.stored, page.vulnerabilities.length);
      assert.ok(meta.sources.some((x) => x.name === "kev"), "a feed not named stays");
      assert.ok(store.kev("CVE-2021-44228"), "KEV rows stay");
      assert.deepEqual(store.namespaces().filter((n) => n.startsWith("alpine")), ["alpine:3.3"], "alpine was rebuilt from the smaller mirror");
      assert.ok(store.lookup("alpine:3.3", "openssl").length > 0);
    } finally {
      store.close();
    }
  });

  it("asks the NVD API only for changes since the source's last update", async () => {
    const queries: URLSearchParams[] = [];
    const body = readFileSync(fullPage, "utf8");
    const server = createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      queries.push(u.searchParams);
      const page = JSON.parse(body) as Page & { totalResults: number; startIndex: number };
      if (u.searchParams.has("lastModStartDate")) page.vulnerabilities = page.vulnerabilities.slice(0, 2);
      page.totalResults = page.vulnerabilities.length;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(page));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/rest/json/cves/2.0`;
      const out = join(dir, "api.db");
      const then = new Date(Date.now() - 86_400_000);
      await buildDatabase({ output: out, logger: silentLogger, now: then, sources: [{ name: "nvd", location: url }] });
      assert.equal(queries[0]?.get("lastModStartDate"), null, "the first build fetches everything");
      const s = await buildDatabase({ output: out, logger: silentLogger, incremental: true, sources: [{ name: "nvd", location: url }] });
      assert.equal(queries[1]?.get("lastModStartDate"), then.toISOString());
      assert.ok(queries[1]?.get("lastModEndDate"));
      assert.equal(s.sources[0]?.records, 2);
      const store = openAdvisoryStore(out);
      assert.equal(store.metadata().sources.find((x) => x.name === "nvd")?.stored, 38);
      store.close();
    } finally {
      server.close();
    }
  });

  it("refuses a base that is not a Dredge database of this schema, naming it and leaving it alone", async () => {
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "not a database at all");
    const old = join(dir, "old.db");
    const db = new Database(old);
    db.exec("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT); INSERT INTO metadata VALUES ('schema_version', '1');");
    db.close();
    for (const file of [junk, old]) {
      await assert.rejects(
        buildDatabase({ output: file, logger: silentLogger, incremental: true, sources: [{ name: "kev", location: kev }] }),
        (e) => isDredgeError(e) && e.code === "DB_ERROR" && e.message.includes(file),
      );
    }
    assert.equal(readFileSync(junk, "utf8"), "not a database at all");
  });
});
