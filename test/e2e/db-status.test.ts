/** `dredge db status` after builds a user makes from local mirrors: totals per source, readable ages. */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { humanAge } from "../../src/cli/commands/db.js";
import type { DatabaseStatus } from "../../src/db/status.js";
import { runCli } from "../helpers/cli.js";
import { feedsDir } from "../helpers/feed-server.js";

let work: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), "dredge-db-status-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A mirror directory `<ecosystem>/<file>` holding the named real OSV records of one fixture folder. */
function mirror(name: string, ecosystem: string, folder: string, files: string[]): string {
  const dir = join(work, name);
  mkdirSync(join(dir, ecosystem), { recursive: true });
  for (const f of files) copyFileSync(join(feedsDir, folder, f), join(dir, ecosystem, f));
  return dir;
}

describe("db status", () => {
  it("sums several --source osv=PATH of one build into one row listing every path", async () => {
    const ghsa = readdirSync(join(feedsDir, "osv-ghsa-subset")).filter((f) => f.endsWith(".json"));
    const a = mirror("m1", "npm", "osv-ghsa-subset", ghsa.slice(0, 2));
    const b = mirror("m2", "npm", "osv-ghsa-subset", ghsa.slice(2, 5));
    const db = join(work, "two.db");
    const built = await runCli(["db", "build", "--output", db, "--source", `osv=${a}`, "--source", `osv=${b}`, "--cache-dir", join(work, "c")]);
    assert.equal(built.code, 0, built.stderr);
    const r = await runCli(["db", "status", "--db", db, "--format", "json", "--cache-dir", join(work, "c")]);
    assert.equal(r.code, 0, r.stderr);
    const status = JSON.parse(r.stdout) as DatabaseStatus;
    const osv = status.sources.filter((s) => s.name === "osv");
    assert.equal(osv.length, 1);
    assert.equal(osv[0]!.records, 5);
    assert.ok(osv[0]!.location.includes(a) && osv[0]!.location.includes(b), osv[0]!.location);
    const text = await runCli(["db", "status", "--db", db, "--cache-dir", join(work, "c")]);
    assert.match(text.stdout, /built: .*\(\d+ seconds? ago\)/);
  });

  it("db build --output in a missing directory is one IO error naming the path, before any feed is read", async () => {
    const out = join(work, "missing", "x.db");
    const kev = join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json");
    const r = await runCli(["db", "build", "--output", out, "--source", `kev=${kev}`, "--cache-dir", join(work, "c")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr.split("\n")[0]!, new RegExp(`^error: cannot write the database ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: .*: no such directory$`));
    assert.ok(!r.stderr.includes("internal error"), r.stderr);
  });

  it("says ages as a person would", () => {
    assert.equal(humanAge(1), "1 second");
    assert.equal(humanAge(60), "60 seconds");
    assert.equal(humanAge(90), "2 minutes");
    assert.equal(humanAge(100), "2 minutes");
    assert.equal(humanAge(61 * 60), "61 minutes");
    assert.equal(humanAge(3 * 3600), "3.0 hours");
    assert.equal(humanAge(86_400 * 3), "3 days");
  });
});
