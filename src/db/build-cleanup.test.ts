/** `buildDatabase` leaves no temp files: not when cancelled mid-feed, and not those of a build that was killed. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { feedsDir } from "../../test/helpers/feed-server.js";
import { isDredgeError } from "../errors.js";
import { memoryLogger, silentLogger } from "../util/log.js";
import { buildDatabase } from "./build.js";
import { emptyOutput, type FeedSource, type RawRecord } from "./sources/types.js";

const root = mkdtempSync(join(tmpdir(), "dredge-build-cleanup-"));
after(() => rmSync(root, { recursive: true, force: true }));
const kev = { name: "kev", location: join(feedsDir, "cisa-kev/known_exploited_vulnerabilities.json") };

/** A feed that yields one record, then waits for a download that never answers. */
function stalledFeed(onFirst: () => void): FeedSource {
  return {
    name: "kev",
    defaultLocation: "/nowhere",
    description: "stalls",
    async *fetch(): AsyncIterable<RawRecord> {
      yield { id: "first", origin: "test", data: {} };
      onFirst();
      await new Promise(() => undefined);
    },
    transform: () => emptyOutput(),
  };
}

describe("buildDatabase temp files", () => {
  it("an abort while a feed is stalled fails at once with CANCELLED and removes the temp output and scratch", { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(root, "abort-"));
    const tmp = mkdtempSync(join(root, "tmp-"));
    const ac = new AbortController();
    const seen: string[][] = [];
    const feed = stalledFeed(() => {
      seen.push(readdirSync(dir), readdirSync(tmp));
      ac.abort();
    });
    const started = Date.now();
    await assert.rejects(
      buildDatabase({ output: join(dir, "out.db"), sources: [{ name: "kev" }], registry: [feed], logger: silentLogger, tmpDir: tmp, signal: ac.signal }),
      (err) => isDredgeError(err, "CANCELLED"),
    );
    assert.ok(Date.now() - started < 5000);
    assert.match(seen[0]?.join() ?? "", /^\.out\.db\.[0-9a-f]{12}\.tmp$/, "the temp output existed while the feed ran");
    assert.match(seen[1]?.join() ?? "", /^\.out\.db\.[0-9a-f]{12}\.scratch$/, "so did the scratch directory, under tmpDir");
    assert.deepEqual(readdirSync(dir), []);
    assert.deepEqual(readdirSync(tmp), []);
  });

  it("removes what a killed build of the same output left (untouched for 15 min), nothing else", async () => {
    const dir = mkdtempSync(join(root, "stale-"));
    const old = new Date(Date.now() - 3600_000);
    const make = (name: string, stale: boolean, isDir = false): void => {
      const p = join(dir, name);
      if (isDir) mkdirSync(join(p, "osv-1"), { recursive: true });
      else writeFileSync(p, "x");
      if (stale) utimesSync(p, old, old);
    };
    make(".out.db.0123456789ab.tmp", true);
    make(".out.db.0123456789ab.tmp-journal", true);
    make(".out.db.0123456789ab.scratch", true, true);
    make(".out.db.aaaaaaaaaaaa.tmp", false); // a build running right now
    make(".other.db.0123456789ab.tmp", true); // another output's
    make("notes.tmp", true);
    const logger = memoryLogger();
    await buildDatabase({ output: join(dir, "out.db"), sources: [kev], logger });
    assert.deepEqual(readdirSync(dir).sort(), [".other.db.0123456789ab.tmp", ".out.db.aaaaaaaaaaaa.tmp", "notes.tmp", "out.db"]);
    const info = logger.records.find((r) => r.msg === "removed the leftovers of an interrupted build");
    assert.deepEqual((info?.fields?.files as string[]).sort(), [".out.db.0123456789ab.scratch", ".out.db.0123456789ab.tmp", ".out.db.0123456789ab.tmp-journal"]);
  });
});
