import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDredgeError } from "../../errors.js";
import { formatVers, parseVers, schemeOfPurlType, versContains, versSchemes } from "./index.js";

const refused = (text: string, why: RegExp) =>
  assert.throws(() => parseVers(text), (e: unknown) => isDredgeError(e) && e.code === "USAGE" && why.test(e.message), text);

const inRange = (range: string, yes: readonly string[], no: readonly string[]) => {
  const r = parseVers(range);
  for (const v of yes) assert.equal(versContains(r, v), true, `${v} in ${range}`);
  for (const v of no) assert.equal(versContains(r, v), false, `${v} not in ${range}`);
};

describe("VERS parsing (purl-spec version range specifier)", () => {
  it("parses the specification's examples", () => {
    const r = parseVers("vers:npm/1.2.3|>=2.0.0|<5.0.0");
    assert.equal(r.schemeId, "semver");
    assert.deepEqual(r.constraints, [{ comparator: "=", version: "1.2.3" }, { comparator: ">=", version: "2.0.0" }, { comparator: "<", version: "5.0.0" }]);
    assert.equal(formatVers(r), "vers:npm/1.2.3|>=2.0.0|<5.0.0");
    assert.equal(formatVers(parseVers("vers:pypi/0.0.0|0.0.1|0.0.2|0.0.3|1.0|2.0pre1")), "vers:pypi/0.0.0|0.0.1|0.0.2|0.0.3|1.0|2.0pre1");
    assert.deepEqual(parseVers("vers:deb/*"), { scheme: "deb", schemeId: "deb", constraints: [], star: true });
    assert.equal(formatVers(parseVers("vers:tomcat/>=1.0.0-beta|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-RC1|<=8.0.1".replace("tomcat", "maven"))), "vers:maven/>=1.0.0-beta|<=1.7.5|>=7.0.0-M1|<=7.0.7|>=7.1.0|<=7.1.2|>=8.0.0-RC1|<=8.0.1");
  });

  it("removes spaces, ignores empty pipes, decodes percent-encoded versions, sorts by the scheme's order", () => {
    assert.equal(formatVers(parseVers(" vers:npm / <  1.2. 3 | > = 2  . 0 .0")), "vers:npm/<1.2.3|>=2.0.0");
    assert.equal(formatVers(parseVers("vers:npm/|<1.0.0||>=2.0.0|")), "vers:npm/<1.0.0|>=2.0.0");
    assert.equal(formatVers(parseVers("vers:npm/<5.0.0|>=2.0.0|1.2.3")), "vers:npm/1.2.3|>=2.0.0|<5.0.0", "sorted, not as written");
    // deb order, not text order: 1.10 > 1.9, ~ before everything
    assert.deepEqual(parseVers("vers:deb/<2:0.1|>=1.10|<1.9~rc1|1.9").constraints.map((c) => c.version), ["1.9~rc1", "1.9", "1.10", "2:0.1"]);
    assert.deepEqual(parseVers("vers:generic/1.0%7C2").constraints, [{ comparator: "=", version: "1.0|2" }]);
  });

  it("refuses invalid ranges, naming the problem", () => {
    refused("vers:npm", /no "\/"/);
    refused("npm/1.0.0", /does not start with "vers:"/);
    refused("VERS:npm/1.0.0", /does not start with "vers:"/);
    refused("vers:NPM/1.0.0", /must be lower case/);
    refused("vers:nosuch/1.0", /unknown versioning scheme "nosuch"/);
    refused("vers:npm/", /no constraints/);
    refused("vers:npm/||", /no constraints/);
    refused("vers:npm/*|1.0.0", /"\*" must be alone/);
    refused("vers:npm/>=*", /"\*" must be alone/);
    refused("vers:npm/1.0.0|1.0.0", /occurs more than once/);
    refused("vers:pypi/1.0|>=1.0.0", /occurs more than once/);
    refused("vers:npm/>=", /has no version/);
    refused("vers:npm/not-a-version", /not a valid semver version/);
    refused("vers:deb/<3.0.11|<4.0", /must alternate/);
    refused("vers:npm/>1.0.0|>=2.0.0", /must alternate/);
    refused("vers:npm/1.0.0|<2.0.0", /= may only be followed by =, > or >=/);
    refused("vers:npm/>==1.0.0", /comparator and a version/);
    refused("vers:npm/<1.0.0é", /printable ASCII/);
    refused("vers:generic/1.0%ZZ", /percent-encoding/);
    refused(`vers:generic/${Array.from({ length: 70 }, (_, i) => `!=${i}`).join("|")}`, /more than 64 constraints/);
    refused(`vers:generic/${"1".repeat(5000)}`, /longer than 4096/);
  });

  it("accepts != anywhere", () => {
    assert.equal(formatVers(parseVers("vers:npm/>=1.0.0|!=1.2.0|<2.0.0|!=3.0.0|>=4.0.0")), "vers:npm/>=1.0.0|!=1.2.0|<2.0.0|!=3.0.0|>=4.0.0");
    assert.equal(formatVers(parseVers("vers:npm/1.0.0|!=1.5.0|2.0.0|>3.0.0")), "vers:npm/1.0.0|!=1.5.0|2.0.0|>3.0.0");
  });
});

describe("VERS containment", () => {
  it("single constraints and the star", () => {
    inRange("vers:deb/*", ["0", "1:9.9-9"], []);
    inRange("vers:deb/<3.0.11", ["3.0.9-1~deb12u1", "3.0.11~rc1", "3.0.2"], ["3.0.11", "3.0.11-1", "1:0.1"]);
    inRange("vers:npm/>=2.0.0", ["2.0.0", "10.0.0"], ["1.9.9", "2.0.0-rc.1"]);
    inRange("vers:npm/!=1.0.0", ["0.9.0", "1.0.1"], ["1.0.0"]);
    inRange("vers:npm/1.0.0", ["1.0.0", "v1.0.0"], ["1.0.1"]);
  });

  it("intervals, equalities and exclusions", () => {
    const range = "vers:npm/1.2.3|>=2.0.0|!=2.5.0|<5.0.0|>6.0.0";
    inRange(range, ["1.2.3", "2.0.0", "4.9.9", "6.0.1", "100.0.0"], ["1.2.4", "1.9.9", "2.5.0", "5.0.0", "6.0.0", "0.1.0"]);
    inRange("vers:npm/<1.0.0|>=2.0.0|<3.0.0", ["0.5.0", "2.5.0"], ["1.5.0", "3.0.0"]);
    inRange("vers:npm/<=1.0.0|>2.0.0", ["1.0.0", "2.0.1"], ["1.0.1", "2.0.0"]);
    inRange("vers:npm/!=1.0.0|!=2.0.0", ["3.0.0"], ["1.0.0", "2.0.0"]);
    inRange("vers:npm/1.0.0|2.0.0", ["1.0.0", "2.0.0"], ["1.5.0"]);
  });

  it("compares with each scheme's order", () => {
    inRange("vers:deb/>=1:1.0|<1:2.0~rc1", ["1:1.0", "1:1.9", "1:2.0~beta"], ["2.0", "1:2.0~rc1", "1:2.0"]);
    inRange("vers:rpm/>=1.0-1|<1.0-10", ["1.0-2", "1.0-9.el9"], ["1.0-10", "0:0.9-1"]);
    inRange("vers:rpm/<1:1.0", ["9.9-1", "0:9.9-1"], ["1:1.0"]);
    inRange("vers:apk/<1.2.3-r2", ["1.2.3-r1", "1.2.3_rc1-r5"], ["1.2.3-r2", "1.2.10-r0"]);
    inRange("vers:alpine/>=3.0.8-r0", ["3.0.10-r0"], ["3.0.7-r9"]);
    inRange("vers:pypi/>=2.0|<2.31.0", ["2.0.0", "2.30.99", "2.31.0rc1"], ["2.31", "1.99", "2.31.0.post1"]);
    inRange("vers:maven/>=2.0-alpha-1|<2.17.1", ["2.0", "2.16", "2.17.0"], ["2.17.1", "1.2.17", "2.17.2"]);
    inRange("vers:gem/<6.1.7.3", ["6.1.7.2", "6.1.7.3.rc1"], ["6.1.7.3", "7.0"]);
    inRange("vers:golang/<v0.17.0", ["v0.16.1", "v0.0.0-20230101000000-abcdefabcdef"], ["v0.17.0"]);
    inRange("vers:nuget/>=4.0.0|<4.3.1", ["4.3.0", "4.0.0.0"], ["4.3.1", "3.9.9"]);
    inRange("vers:composer/<5.4.31", ["v5.4.30", "5.4.31-beta1"], ["5.4.31"]);
    inRange("vers:cargo/<0.7.3", ["0.7.2", "0.7.3-alpha"], ["0.7.3"]);
    inRange("vers:semver/>1.0.0", ["1.0.1"], ["1.0.0"]);
    inRange("vers:generic/<1.2.10", ["1.2.9", "1.1"], ["1.2.10", "1.3"]);
  });

  it("a version the scheme cannot read is in no range but *", () => {
    inRange("vers:npm/<1.0.0", [], ["not a version"]);
    inRange("vers:npm/*", ["not a version"], []);
  });

  it("maps every VERS scheme onto a version scheme of Dredge, and purl types onto theirs", () => {
    for (const scheme of Object.keys(versSchemes)) assert.equal(parseVers(`vers:${scheme}/*`).scheme, scheme);
    assert.equal(schemeOfPurlType("deb"), "deb");
    assert.equal(schemeOfPurlType("golang"), "go");
    assert.equal(schemeOfPurlType("pypi"), "pep440");
    assert.equal(schemeOfPurlType("generic"), undefined);
    assert.equal(schemeOfPurlType("docker"), undefined);
  });
});
