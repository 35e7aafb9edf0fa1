/**
 * Licence strings → what SBOM formats want: an SPDX id, an SPDX expression, or a free-text name. The
 * spelling work (distro names, PyPI classifiers, lists) is the licence scanner's, so SBOMs and licence
 * findings always agree.
 */
import { normaliseLicense as toSpdx } from "../../checks/license/normalize.js";

export type NormalisedLicense = { kind: "id"; id: string } | { kind: "expression"; expression: string } | { kind: "name"; name: string };

const memo = new Map<string, NormalisedLicense>();

/** Memoised: an image repeats the same few licence strings thousands of times. */
export function normaliseLicense(text: string): NormalisedLicense {
  let n = memo.get(text);
  if (!n) {
    n = classify(text);
    if (memo.size < 10_000) memo.set(text, n);
  }
  return n;
}

function classify(text: string): NormalisedLicense {
  const expression = toSpdx(text).expression;
  // LicenseRef-… is valid SPDX but not an SPDX id (CycloneDX's `license.id` rejects it): keep it as a name.
  if (!expression || /LicenseRef-/.test(expression)) return { kind: "name", name: text.trim() };
  return /^[A-Za-z0-9.+-]+$/.test(expression) ? { kind: "id", id: expression } : { kind: "expression", expression };
}

/** An SPDX-2.3-safe LicenseRef for a free-text licence name. */
export function licenseRef(name: string): string {
  return `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "unknown"}`;
}
