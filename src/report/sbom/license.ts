/** Licence strings from package metadata → SPDX ids/expressions where they are valid. */
import parse from "spdx-expression-parse";
import correct from "spdx-correct";

export type NormalisedLicense = { kind: "id"; id: string } | { kind: "expression"; expression: string } | { kind: "name"; name: string };

const memo = new Map<string, NormalisedLicense>();

/** Memoised: an image repeats the same few licence strings thousands of times. */
export function normaliseLicense(text: string): NormalisedLicense {
  let n = memo.get(text);
  if (!n) {
    n = normaliseUncached(text);
    if (memo.size < 10_000) memo.set(text, n);
  }
  return n;
}

function normaliseUncached(text: string): NormalisedLicense {
  const t = text.trim();
  if (isExpression(t)) return /^[A-Za-z0-9.+-]+$/.test(t) ? { kind: "id", id: t } : { kind: "expression", expression: t };
  const fixed = correct(t, { upgrade: true });
  if (fixed && isExpression(fixed)) return { kind: "id", id: fixed };
  return { kind: "name", name: t };
}

function isExpression(t: string): boolean {
  try {
    parse(t);
    return true;
  } catch {
    return false;
  }
}

/** An SPDX-2.3-safe LicenseRef for a free-text licence name. */
export function licenseRef(name: string): string {
  return `LicenseRef-${name.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "unknown"}`;
}
