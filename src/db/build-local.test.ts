import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryLogger } from "../util/log.js";
import { feedsDir, listFiles } from "../../test/helpers/feed-server.js";
import { buildDatabase, parseSourceArg } from "./build.js";
import { openAdvisoryStore } from "./store.js";
import { isDredgeError } from "../errors.js";

const samples = join(feedsDir, "format-samples");
const tmp = (): string => mkdtempSync(join(tmpdir(), "dredge-db-local-"));

describe("buildDatabase from local mirrors", () => {
  it("skips a malformed OSV record with a warning naming its file, and keeps the rest", async () => {
    const dir = tmp();
    try {
      const mirror = join(dir, "mirror");
      mkdirSync(join(mirror, "npm"), { recursive: true });
      copyFileSync(join(feedsDir, "osv-ghsa-subset/GHSA-vh95-rmgr-6w4m.json"), join(mirror, "npm/GHSA-vh95-rmgr-6w4m.json"));
      writeFileSync(join(mirror, "npm/broken.json"), '{"id": "GHSA-xxxx", "affected": [');
      writeFileSync(join(mirror, "npm/no-id.json"), JSON.stringify({ summary: "no id", affected: [] }));
      const logger = memoryLogger();
      const s = await buildDatabase({ output: join(dir, "db"), sources: [parseSourceArg(`osv=${mirror}`)], logger });
      assert.deepEqual([s.sources[0]?.records, s.sources[0]?.stored, s.sources[0]?.skipped], [3, 1, 2]);
      const warned = logger.records.filter((r) => r.level === "warn" && r.msg === "skipping malformed feed record").map((r) => String(r.fields?.record));
      assert.equal(warned.length, 2);
      assert.ok(warned.some((w) => w.endsWith("broken.json")));
      assert.ok(warned.some((w) => w.endsWith("no-id.json")));
      const store = openAdvisoryStore(join(dir, "db"));
      assert.ok(store.lookup("npm", "minimist").some((r) => r.vulnerabilityId === "GHSA-vh95-rmgr-6w4m"));
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails, naming the source and the first reason, when a source is not the expected document", async () => {
    const dir = tmp();
    try {
      const kev = join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json");
      const text = join(dir, "notes.txt");
      writeFileSync(text, "these are not advisories\n");
      for (const [arg, name] of [[`epss=${kev}`, "epss"], [`alpine=${text}`, "alpine"]] as const) {
        const out = join(dir, `${name}.db`);
        await assert.rejects(buildDatabase({ output: out, sources: [parseSourceArg(arg)], logger: memoryLogger() }), (err: unknown) => {
          assert.ok(isDredgeError(err, "PARSE_ERROR"), String(err));
          assert.match(err.message, new RegExp(`^source ${name} \\(.*\\): none of its \\d+ records could be read; first: `));
          return true;
        });
        assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith(name) || f.startsWith(`.${name}`)), []);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is atomic: a failing build leaves the existing output intact and no temp file", async () => {
    const dir = tmp();
    try {
      const out = join(dir, "db.sqlite");
      writeFileSync(out, "previous database");
      await assert.rejects(
        buildDatabase({
          output: out,
          sources: [{ name: "kev", location: join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json") }, { name: "epss", location: join(dir, "missing.csv") }],
          logger: memoryLogger(),
        }),
      );
      assert.equal(readFileSync(out, "utf8"), "previous database");
      assert.deepEqual(readdirSync(dir), ["db.sqlite"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects an unknown source name with a usage error", async () => {
    await assert.rejects(buildDatabase({ output: join(tmpdir(), "never.db"), sources: [{ name: "nope" }], logger: memoryLogger() }), (e) => isDredgeError(e, "USAGE"));
  });

  it("builds every feed from local paths (osv dir, debian dir with DSA/DLA lists, alpine dir, ubuntu with VEX, …)", async () => {
    const dir = tmp();
    try {
      const debianDir = join(dir, "debian");
      mkdirSync(debianDir);
      copyFileSync(join(feedsDir, "debian-security-tracker/sample-tracker-json/debian.json"), join(debianDir, "json"));
      copyFileSync(join(feedsDir, "debian-security-tracker/DSA-list.txt"), join(debianDir, "DSA-list.txt"));
      const sources = [
        `osv=${join(feedsDir, "osv-ghsa-subset")}`,
        `debian=${debianDir}`,
        `alpine=${join(feedsDir, "alpine-secdb/json")}`,
        `ubuntu=${join(samples, "ubuntu")}`,
        `redhat=${join(samples, "rhel/csaf/advisories")}`,
        `nvd=${join(samples, "nvd")}`,
        `kev=${join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json")}`,
        `epss=${join(samples, "epss/example-1.csv")}`,
      ].map(parseSourceArg);
      const logger = memoryLogger();
      const s = await buildDatabase({ output: join(dir, "db"), sources, logger });
      const by = new Map(s.sources.map((x) => [x.name, x]));
      assert.equal(by.get("osv")?.stored, listFiles(join(feedsDir, "osv-ghsa-subset"), [".json"]).length);
      assert.equal(by.get("ubuntu")?.records, listFiles(join(samples, "ubuntu"), [".json"]).length);
      assert.equal(by.get("kev")?.lastUpdate, "2025-08-25T17:04:19.9796Z");
      const store = openAdvisoryStore(join(dir, "db"));
      // VEX: curl on xenial is "no longer supported" → end_of_life; jammy fixed in 7.81.0-1ubuntu1.24 (merged with OSV rows if any)
      const xenial = store.lookup("ubuntu:16.04", "curl").find((r) => r.vulnerabilityId === "UBUNTU-CVE-2023-38545");
      assert.equal(xenial?.status, "end_of_life");
      const jammy = store.lookup("ubuntu:22.04", "curl").find((r) => r.vulnerabilityId === "UBUNTU-CVE-2023-38545");
      assert.deepEqual(jammy?.fixedVersions, ["7.81.0-1ubuntu1.24"]);
      assert.equal(store.lookup("ubuntu-pro:20.04", "curl").find((r) => r.vulnerabilityId === "UBUNTU-CVE-2023-38545")?.status, "not_affected");
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
