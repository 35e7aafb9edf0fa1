/**
 * TEST-ONLY feed: Trivy's integration-test fixture database (a bolt-bucket dump in YAML) → Dredge
 * `FeedOutput` rows → a Dredge database written with src/db's StoreWriter. Buckets of distros Dredge does
 * not match (Kubernetes) are listed in `skippedBuckets`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { FeedOutput } from "../../src/db/model.js";
import { StoreWriter } from "../../src/db/writer.js";
import { readBoltYaml, type BoltPair } from "./bolt-yaml.js";
import { distroRows, redhatMajors, redhatRows } from "./distro-rows.js";
import { languageEcosystem, languageRows } from "./language-rows.js";
import { vulnerabilityRecords } from "./vulnerabilities.js";

export interface FixtureFeed {
  output: FeedOutput;
  /** Buckets not converted (no Dredge namespace for them). */
  skippedBuckets: string[];
}

const NOT_ROWS = new Set(["vulnerability", "data-source", "Red Hat CPE"]);

/** Reads every `*.yaml` of the fixture database directory. */
export function readFixtureFeed(dir: string): FixtureFeed {
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  const buckets: BoltPair[] = files.filter((f) => f !== "vulnerability.yaml").flatMap((f) => readBoltYaml(join(dir, f)));
  const vulnerabilities = vulnerabilityRecords(join(dir, "vulnerability.yaml"));
  const byId = new Map(vulnerabilities.map((v) => [v.id, v]));
  const vendorSeverity = (id: string, vendorId: string) =>
    byId.get(id)?.severities.find((s) => s.type === "vendor" && s.source === vendorId)?.rating;
  const majors = redhatMajors(buckets);
  const output: FeedOutput = { vulnerabilities, affected: [] };
  const skippedBuckets: string[] = [];
  for (const b of buckets) {
    const name = b.bucket ?? "";
    if (NOT_ROWS.has(name)) continue;
    if (languageEcosystem(name)) output.affected.push(...languageRows(b));
    else if (name === "Red Hat") output.affected.push(...redhatRows(b, majors));
    else {
      const rows = distroRows(b, vendorSeverity);
      if (rows) output.affected.push(...rows);
      else skippedBuckets.push(name);
    }
  }
  return { output, skippedBuckets };
}

/** Writes the fixture feed into a new Dredge database file. */
export function writeFixtureDatabase(dir: string, file: string, builtAt = "2026-01-01T00:00:00.000Z"): FixtureFeed {
  const feed = readFixtureFeed(dir);
  const writer = new StoreWriter(file);
  try {
    writer.transaction(() => writer.write(feed.output));
    writer.writeSource({
      name: "trivy-fixture", location: dir, lastUpdate: builtAt,
      records: feed.output.affected.length, stored: feed.output.affected.length, skipped: 0,
    });
    writer.finish(builtAt);
  } finally {
    writer.close();
  }
  return feed;
}
