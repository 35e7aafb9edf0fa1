import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isDredgeError } from "../../errors.js";
import { classifyLicense, licenseFindings, licenseSeverities, normaliseLicense } from "./index.js";

describe("licence normalisation", () => {
  const cases: [string, string | undefined][] = [
    ["MIT", "MIT"],
    ["Apache-2.0 OR MIT", "Apache-2.0 OR MIT"],
    ["GPLv2+", "GPL-2.0-or-later"],
    ["GPL-2+", "GPL-2.0-or-later"],
    ["LGPLv2", "LGPL-2.0-only"],
    ["GPLv3 or later", "GPL-3.0-or-later"],
    ["Expat", "MIT"],
    ["License :: OSI Approved :: MIT License", "MIT"],
    ["License :: OSI Approved :: GNU Affero General Public License v3", "AGPL-3.0-only"],
    ["GPLv2+ and LGPLv2+", "GPL-2.0-or-later AND LGPL-2.0-or-later"],
    ["MIT/X11", "MIT OR X11"],
    ["BSD, MIT", "BSD-2-Clause AND MIT"],
    ["Apache License 2.0", "Apache-2.0"],
    ["a licence written as a sentence nobody can parse!", undefined],
  ];
  for (const [raw, want] of cases) {
    it(`${raw} → ${want ?? "(unknown)"}`, () => assert.equal(normaliseLicense(raw).expression, want));
  }
});

describe("licence classification", () => {
  const cases: [string, string][] = [
    ["MIT", "permissive"],
    ["LGPL-2.1-or-later", "weak-copyleft"],
    ["GPL-3.0-only", "strong-copyleft"],
    ["AGPL-3.0-or-later", "network-copyleft"],
    ["GPL-2.0-only OR MIT", "permissive"],
    ["GPL-2.0-only AND MIT", "strong-copyleft"],
    ["(MPL-2.0 OR GPL-3.0-only) AND Apache-2.0", "weak-copyleft"],
    ["GPL-2.0+", "strong-copyleft"],
    ["LicenseRef-proprietary", "unknown"],
    ["no idea", "unknown"],
  ];
  for (const [expr, cls] of cases) it(`${expr} is ${cls}`, () => assert.equal(classifyLicense(expr).classification, cls));

  it("findings per class severity, configurable; permissive is not reported by default", () => {
    const pkg = { name: "x", version: "1", type: "npm" as const, purl: "pkg:npm/x@1", class: "library" as const };
    const items = [{ licenses: ["MIT"], package: pkg }, { licenses: ["AGPL-3.0-only", "GPLv2+"], package: pkg }, { licenses: ["weird"], path: "/p" }];
    assert.deepEqual(licenseFindings(items).map((f) => [f.license, f.classification, f.severity]), [
      ["AGPL-3.0-only", "network-copyleft", "HIGH"],
      ["GPL-2.0-or-later", "strong-copyleft", "MEDIUM"],
      ["weird", "unknown", "LOW"],
    ]);
    assert.deepEqual(licenseFindings(items, { "strong-copyleft": "CRITICAL", unknown: "none", permissive: "NEGLIGIBLE" }).map((f) => f.severity), ["NEGLIGIBLE", "HIGH", "CRITICAL"]);
  });
});

describe("licence configuration", () => {
  it("overrides defaults; bad classes or levels are INVALID_CONFIG naming the file", () => {
    assert.equal(licenseSeverities({ severities: { unknown: "none" } }).unknown, "none");
    assert.equal(licenseSeverities({})["network-copyleft"], "HIGH");
    assert.throws(() => licenseSeverities({ severities: { copyleft: "HIGH" } }, "dredge.yaml"), (e) => isDredgeError(e, "INVALID_CONFIG") && /^dredge\.yaml:/.test(e.message));
    assert.throws(() => licenseSeverities({ severities: { unknown: "SEVERE" } }), (e) => isDredgeError(e, "INVALID_CONFIG") && /severities\.unknown/.test(e.message));
  });
});
