import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { memoryLogger, silentLogger } from "../../util/log.js";
import { localDatabasePaths } from "./ensure.js";
import { dbRoot, POINTER_FILE, readInstalled, sweep, writePointer, type InstalledInfo } from "./layout.js";
import { coversNamespaces } from "./update.js";

const work = mkdtempSync(join(tmpdir(), "dredge-db-layout-"));
after(() => rmSync(work, { recursive: true, force: true }));

const info = (dir: string): InstalledInfo => ({
  version: 1, dir, repository: "r/x:1", manifestDigest: `sha256:${"a".repeat(64)}`, builtAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z", checkedAt: "2026-01-01T00:00:00.000Z", namespaces: "all",
  shards: [
    { group: "npm", file: "npm.db", digest: `sha256:${"b".repeat(64)}`, namespaces: ["npm"] },
    { group: "common", file: "common.db", digest: `sha256:${"c".repeat(64)}`, namespaces: [] },
  ],
});

function cache(name: string, files: string[]): string {
  const c = join(work, name);
  mkdirSync(join(dbRoot(c), "d1"), { recursive: true });
  for (const f of files) writeFileSync(join(dbRoot(c), "d1", f), "");
  return c;
}

describe("installed database pointer", () => {
  it("reads a complete installation, common shard first, and leaves no temp file", async () => {
    const c = cache("ok", ["common.db", "npm.db"]);
    await writePointer(dbRoot(c), info("d1"));
    const got = await readInstalled(c, silentLogger);
    assert.deepEqual(got?.paths, [join(dbRoot(c), "d1", "common.db"), join(dbRoot(c), "d1", "npm.db")]);
    assert.deepEqual(readdirSync(dbRoot(c)).sort(), ["current.json", "d1"]);
  });

  const bad: [string, string | undefined, string[]][] = [
    ["not JSON", "{", ["common.db", "npm.db"]],
    ["a dir escaping CACHE_DIR/db", JSON.stringify(info("../evil")), ["common.db", "npm.db"]],
    ["a missing shard file", undefined, ["common.db"]],
  ];
  for (const [name, text, files] of bad) {
    it(`ignores a pointer with ${name}, with a warning`, async () => {
      const c = cache(name.replace(/\W+/g, "-"), files);
      writeFileSync(join(dbRoot(c), POINTER_FILE), text ?? JSON.stringify(info("d1")));
      const log = memoryLogger();
      assert.equal(await readInstalled(c, log), undefined);
      assert.equal(log.records.filter((r) => r.level === "warn").length, 1);
    });
  }

  it("sweep removes the previous dir and old leftovers, keeps the current one and young leftovers", async () => {
    const root = join(work, "sweep");
    for (const d of ["cur", "prev", ".tmp-old", ".tmp-young", "orphan-old"]) mkdirSync(join(root, d), { recursive: true });
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    for (const d of [".tmp-old", "orphan-old", "cur"]) utimesSync(join(root, d), old, old);
    await sweep(root, "cur", "prev", silentLogger);
    assert.deepEqual(readdirSync(root).sort(), [".tmp-young", "cur"]);
  });
});

describe("coversNamespaces", () => {
  const cases: [Parameters<typeof coversNamespaces>[0], Parameters<typeof coversNamespaces>[1], boolean][] = [
    ["all", ["npm"], true],
    ["all", "all", true],
    [["debian"], "all", false],
    [["debian", "npm"], ["debian:12", "npm"], true],
    [["debian:11"], ["debian:12"], true],
    [["alpine"], ["npm"], false],
    [["ubuntu"], ["ubuntu-pro:20.04"], true],
  ];
  for (const [have, want, expected] of cases) {
    it(`${JSON.stringify(have)} covers ${JSON.stringify(want)}: ${expected}`, () => assert.equal(coversNamespaces(have, want), expected));
  }
});

describe("localDatabasePaths", () => {
  it("takes a file as is and a directory of shards with common first", async () => {
    const d = join(work, "shards");
    mkdirSync(d);
    for (const f of ["alpine.db", "common.db", "npm.db", "notes.txt"]) writeFileSync(join(d, f), "");
    assert.deepEqual(await localDatabasePaths(d), ["common.db", "alpine.db", "npm.db"].map((f) => join(d, f)));
    assert.deepEqual(await localDatabasePaths(join(d, "npm.db")), [join(d, "npm.db")]);
  });

  it("DB_NOT_FOUND for a missing file or a directory without common.db", async () => {
    const d = join(work, "nocommon");
    mkdirSync(d);
    writeFileSync(join(d, "npm.db"), "");
    for (const p of [join(work, "absent.db"), d]) {
      await assert.rejects(localDatabasePaths(p), (err) => isDredgeError(err, "DB_NOT_FOUND") && err.message.includes(p));
    }
  });
});
