import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { feedSources } from "../db/sources/registry.js";
import { isSchemeId } from "../versioning/index.js";
import { codenameRelease, distroOf, distros, familyByName, familyFromId, feedRelease, isMatched, purlDistroId } from "./index.js";
import { eolStatus } from "./eol.js";

const families = distros.flatMap((d) => d.families);
const unique = (label: string, values: string[]) => {
  const seen = new Set<string>();
  for (const v of values) {
    assert.ok(!seen.has(v), `${label} ${v} appears twice`);
    seen.add(v);
  }
};

describe("distro registry", () => {
  it("names each distro, family, os-release ID, alias, codename and release file once", () => {
    unique("distro", distros.map((d) => d.id));
    unique("family", families.map((f) => f.id));
    unique("os-release ID", families.flatMap((f) => f.osReleaseIds));
    unique("name", families.flatMap((f) => [f.id, ...(f.aliases ?? [])]));
    unique("codename", distros.flatMap((d) => Object.keys(d.codenames ?? {})));
    unique("release file", distros.flatMap((d) => [...(d.releaseFiles ?? []), ...(d.hintFiles ?? [])].map((f) => f.path)));
    unique("OSV ecosystem", distros.flatMap((d) => (d.ecosystems ?? []).flatMap((e) => (e.osv ? [e.osv] : []))));
  });

  it("keeps each spec's data to its own families, schemes and feeds", () => {
    const feeds = new Set<string>(feedSources.map((s) => s.name));
    for (const d of distros) {
      const own = new Set(d.families.map((f) => f.id));
      assert.ok(isSchemeId(d.scheme), `${d.id}: scheme ${d.scheme}`);
      assert.ok(d.families.every((f) => f.osReleaseIds.length > 0), `${d.id}: every family has an os-release ID`);
      for (const l of d.releaseLines ?? []) assert.ok(own.has(l.family), `${d.id}: release line for ${l.family}`);
      for (const s of d.vendorSources ?? []) assert.ok(feeds.has(s), `${d.id}: feed ${s} is in src/db/sources/registry.ts`);
      for (const alias of d.families.flatMap((f) => f.aliases ?? [])) assert.equal(alias, alias.toLowerCase(), `${d.id}: aliases are lower case`);
    }
  });

  it("has well-formed end-of-life dates", () => {
    for (const f of families) {
      const tables = [f.eol, f.variant?.eol].filter((t) => t !== undefined && t !== "rolling");
      for (const t of tables) for (const [release, date] of Object.entries(t.dates)) assert.match(date, /^\d{4}-\d{2}-\d{2}$/, `${f.id} ${release}`);
    }
  });

  it("answers lookups by family, os-release ID and alias", () => {
    assert.equal(distroOf("centos")?.id, "redhat");
    assert.equal(familyFromId("RHEL"), "redhat");
    assert.equal(familyFromId("opensuse"), "opensuse-leap");
    assert.equal(familyByName(" Amazon Linux "), "amazon");
    assert.equal(familyByName("constructor"), undefined);
    assert.equal(feedRelease("amazon", "2018.03"), "1");
    assert.equal(feedRelease("debian", "12.8"), "12");
    assert.equal(feedRelease("unknown", "1.2"), "1.2");
    assert.equal(purlDistroId("cbl-mariner"), "mariner");
    assert.equal(purlDistroId("unknown"), "unknown");
    assert.equal(codenameRelease("bookworm"), "12");
    assert.equal(codenameRelease("noble"), "24.04");
    assert.equal(codenameRelease("toString"), undefined);
  });

  it("matches the distros with advisories only", () => {
    assert.deepEqual(distros.filter(isMatched).map((d) => d.id), ["debian", "ubuntu", "alpine", "alma", "rocky", "suse", "redhat", "oracle", "amazon", "photon", "mariner", "wolfi", "chainguard"]);
  });

  it("looks end of life up by the family's key rule and variant", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    assert.deepEqual(eolStatus("centos", "9", now), undefined);
    assert.deepEqual(eolStatus("centos", "9", now, "centos-stream"), { eol: false, eolDate: "2027-05-31" });
    assert.deepEqual(eolStatus("debian", "9", now, "centos-stream"), { eol: true, eolDate: "2022-06-30" });
    assert.deepEqual(eolStatus("wolfi", "rolling", now), { eol: false });
    assert.deepEqual(eolStatus("alpine", "3.22.1", now), { eol: false, eolDate: "2027-05-01" });
    assert.equal(eolStatus("mageia", "9", now), undefined);
  });
});
