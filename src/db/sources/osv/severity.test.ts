import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fixturesDir } from "../../../../test/helpers/images.js";
import { osvVulnerability, parseOsv } from "./transform.js";

const alsa = (file: string) =>
  parseOsv({ id: file, origin: file, data: JSON.parse(readFileSync(join(fixturesDir, "feeds/osv-almalinux/almalinux9", file), "utf8")) as unknown });

describe("OSV severities of Red Hat-family errata", () => {
  it("takes the impact from an ALSA summary prefix (the only place OSV carries it)", () => {
    const rec = alsa("ALSA-2022:5099.json");
    const impact = /^(\w+):/.exec(rec.summary ?? "")![1]!.toLowerCase();
    const v = osvVulnerability(rec, "osv");
    assert.deepEqual(v.severities.filter((s) => s.type === "vendor").map((s) => s.rating), [impact]);
  });
});
