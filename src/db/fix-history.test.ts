/**
 * The fix history over successive builds of real feeds: the Debian security tracker export (which carries no fix
 * date) with one release's fix held back in the first build, and Amazon's Nvidia updateinfo (whose advisories
 * state their release date). Which entry is held back is chosen from the file, never written down.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { silentLogger } from "../util/log.js";
import { feedsDir } from "../../test/helpers/feed-server.js";
import { buildDatabase, type SourceSpec } from "./build.js";
import { carryFixHistory, isoDate, type FixHistoryEntry } from "./fix-history.js";
import { openAdvisoryStore } from "./store.js";
import { splitDatabase } from "./shards.js";

type Tracker = Record<string, Record<string, { releases: Record<string, { status: string; fixed_version?: string }> }>>;

const trackerFile = join(feedsDir, "debian-security-tracker/sample-tracker-json/debian.json");
const nvidiaFile = join(feedsDir, "amazon/updateinfo/updateinfo_2023_nvidia.xml.gz");
const times = ["2026-01-10T00:00:00.000Z", "2026-02-10T00:00:00.000Z", "2026-03-10T00:00:00.000Z"];

/** The first package, CVE and release of the tracker with a real fixed version, and a fix of another release of it. */
function heldBack(tracker: Tracker): { pkg: string; cve: string; release: string; other: string } {
  for (const [pkg, cves] of Object.entries(tracker)) {
    for (const [cve, entry] of Object.entries(cves)) {
      const fixed = Object.entries(entry.releases).filter(([, r]) => r.status === "resolved" && r.fixed_version && r.fixed_version !== "0");
      if (fixed.length >= 2) return { pkg, cve, release: fixed[0]![0], other: fixed[1]![0] };
    }
  }
  throw new Error("no CVE fixed in two releases in the tracker fixture");
}

function history(file: string, pkg: string, vuln: string): Map<string, FixHistoryEntry> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT namespace, since, origin FROM fix_history WHERE package = ? AND vuln_id = ?").all(pkg, vuln) as (FixHistoryEntry & { namespace: string })[];
    return new Map(rows.map((r) => [r.namespace, { since: r.since, origin: r.origin }]));
  } finally {
    db.close();
  }
}

describe("fix history", () => {
  let dir: string;
  let output: string;
  let pick: ReturnType<typeof heldBack>;
  const histories: Map<string, FixHistoryEntry>[] = [];
  const unfixedDir = (): string => {
    const tracker = JSON.parse(readFileSync(trackerFile, "utf8")) as Tracker;
    const r = tracker[pick.pkg]![pick.cve]!.releases[pick.release]!;
    r.status = "open";
    delete r.fixed_version;
    const d = join(dir, "tracker-before");
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "debian.json"), JSON.stringify(tracker));
    return d;
  };
  const build = (i: number, debian: string, extra: SourceSpec[] = [], incremental = false) =>
    buildDatabase({ output, logger: silentLogger, now: new Date(times[i]!), incremental, sources: [{ name: "debian", location: debian }, ...extra] });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dredge-fix-history-"));
    output = join(dir, "dredge.db");
    pick = heldBack(JSON.parse(readFileSync(trackerFile, "utf8")) as Tracker);
    await build(0, unfixedDir(), [{ name: "amazon", location: nvidiaFile }]);
    histories.push(history(output, pick.pkg, pick.cve));
    await build(1, trackerFile, [{ name: "amazon", location: nvidiaFile }]);
    histories.push(history(output, pick.pkg, pick.cve));
    await build(2, trackerFile, [], true); // incremental: debian fetched anew, amazon kept
    histories.push(history(output, pick.pkg, pick.cve));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("dates a fix present in the first build, without a feed date, at that build", () => {
    const fixedOnce = [...histories[0]!.values()];
    assert.ok(fixedOnce.length >= 1);
    for (const e of fixedOnce) assert.deepEqual(e, { since: times[0], origin: "build" });
  });

  it("dates a fix that appears in the second build at the second build, and keeps the others' first date", () => {
    const [first, second] = histories;
    const added = [...second!.keys()].filter((ns) => !first!.has(ns));
    assert.equal(added.length, 1, "exactly the held-back release gains a fix");
    assert.deepEqual(second!.get(added[0]!), { since: times[1], origin: "build" });
    for (const [ns, e] of first!) assert.deepEqual(second!.get(ns), e);
  });

  it("keeps every date through a third (incremental) build", () => {
    assert.deepEqual([...histories[2]!].sort(), [...histories[1]!].sort());
  });

  it("dates a fix from an advisory that states its release date at that date, in every build", () => {
    const db = new Database(output, { readonly: true });
    try {
      const rows = db.prepare("SELECT f.since, f.origin, v.published FROM fix_history f JOIN vulnerabilities v ON v.source = 'amazon' AND v.id LIKE 'ALAS%' WHERE f.namespace LIKE 'amazon:%'").all() as { since: string; origin: string; published: string }[];
      assert.ok(rows.length > 0);
      const released = new Set(rows.map((r) => isoDate(r.published)));
      for (const r of rows) {
        assert.equal(r.origin, "advisory");
        assert.ok(released.has(r.since), `${r.since} is the release date of an advisory`);
      }
    } finally {
      db.close();
    }
  });

  it("is read back with the records (store.fixSince) and survives splitting into shards", () => {
    const [ns, e] = [...histories[2]!][0]!;
    const store = openAdvisoryStore(output);
    try {
      assert.deepEqual({ ...store.fixSince?.(ns, pick.pkg, pick.cve) }, e);
      assert.equal(store.fixSince?.(ns, pick.pkg, "CVE-0000-0000"), undefined);
    } finally {
      store.close();
    }
    const shards = splitDatabase(output, mkdtempSync(join(dir, "shards-")));
    const sharded = openAdvisoryStore(shards.map((s) => s.path));
    try {
      assert.deepEqual({ ...sharded.fixSince?.(ns, pick.pkg, pick.cve) }, e);
    } finally {
      sharded.close();
    }
  });

  it("a downloaded shard keeps the installed shard's earlier dates (a publisher that rebuilt from scratch)", async () => {
    const fresh = join(dir, "fresh.db");
    await buildDatabase({ output: fresh, logger: silentLogger, now: new Date("2026-04-01T00:00:00Z"), sources: [{ name: "debian", location: trackerFile }] });
    const installed = splitDatabase(output, mkdtempSync(join(dir, "installed-"))).find((s) => s.group === "debian")!;
    const downloaded = splitDatabase(fresh, mkdtempSync(join(dir, "downloaded-"))).find((s) => s.group === "debian")!;
    assert.ok([...history(downloaded.path, pick.pkg, pick.cve).values()].every((e) => e.since === "2026-04-01T00:00:00.000Z"));
    assert.ok(carryFixHistory(downloaded.path, installed.path) > 0);
    assert.deepEqual([...history(downloaded.path, pick.pkg, pick.cve)].sort(), [...histories[2]!].sort());
  });
});
