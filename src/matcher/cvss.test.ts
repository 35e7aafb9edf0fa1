import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cvss2Score, cvss3Score, cvssVersion, severityFromScore } from "./cvss.js";

// Scores as NVD publishes them for these real CVEs.
describe("CVSS base scores from vectors", () => {
  const v3: [string, string, number][] = [
    ["CVE-2021-44228 (log4shell)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0],
    ["CVE-2020-8203 (lodash)", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4],
    ["CVE-2023-32681 (requests)", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", 6.1],
    ["CVE-2014-0160 (heartbleed)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5],
    ["CVE-2021-3711 (openssl)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
    ["CVE-2022-0778 (openssl)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
    ["CVE-2019-10744 (lodash)", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H", 9.1],
    ["scope changed, low privileges", "CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4],
    ["no impact", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0],
  ];
  for (const [name, vector, want] of v3) it(name, () => assert.equal(cvss3Score(vector), want));
  const v2: [string, string, number][] = [
    ["CVE-2014-0160 v2", "AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0],
    ["CVE-2021-44228 v2", "AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3],
    ["CVE-2020-8203 v2", "AV:N/AC:M/Au:N/C:N/I:P/A:P", 5.8],
  ];
  for (const [name, vector, want] of v2) it(name, () => assert.equal(cvss2Score(vector), want));
  it("rejects broken vectors", () => {
    assert.equal(cvss3Score("CVSS:3.1/AV:X/AC:L"), undefined);
    assert.equal(cvss2Score("garbage"), undefined);
  });
  it("versions and ratings", () => {
    assert.equal(cvssVersion("CVSS:4.0/AV:N"), "4.0");
    assert.equal(cvssVersion("AV:N/AC:L/Au:N/C:P/I:N/A:N"), "2.0");
    assert.equal(severityFromScore(9.8, "3.1"), "CRITICAL");
    assert.equal(severityFromScore(7.5, "2.0"), "HIGH");
  });
});
