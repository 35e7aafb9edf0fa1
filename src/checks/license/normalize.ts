/**
 * Licence strings from package metadata → SPDX expressions: exact SPDX, spdx-correct for near misses,
 * distro spellings (`GPLv2+`, `GPL-2+`, `Expat`), PyPI classifiers, `/`- and comma-separated lists.
 */
import parse, { type SpdxNode } from "spdx-expression-parse";
import spdxCorrect from "spdx-correct";

export type { SpdxNode };

const classifiers: Record<string, string> = {
  "mit license": "MIT",
  "bsd license": "BSD-3-Clause",
  "apache software license": "Apache-2.0",
  "isc license (iscl)": "ISC",
  "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
  "gnu general public license v2 (gplv2)": "GPL-2.0-only",
  "gnu general public license v2 or later (gplv2+)": "GPL-2.0-or-later",
  "gnu general public license v3 (gplv3)": "GPL-3.0-only",
  "gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later",
  "gnu lesser general public license v2 (lgplv2)": "LGPL-2.0-only",
  "gnu lesser general public license v2 or later (lgplv2+)": "LGPL-2.0-or-later",
  "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
  "gnu lesser general public license v3 or later (lgplv3+)": "LGPL-3.0-or-later",
  "gnu affero general public license v3": "AGPL-3.0-only",
  "gnu affero general public license v3 or later (agplv3+)": "AGPL-3.0-or-later",
  "python software foundation license": "PSF-2.0",
  "the unlicense (unlicense)": "Unlicense",
  "zope public license": "ZPL-2.1",
};

const aliases: Record<string, string> = {
  expat: "MIT", "apache-2": "Apache-2.0", "apache 2.0": "Apache-2.0", "apache2": "Apache-2.0", "mpl-2": "MPL-2.0", "psf": "PSF-2.0",
  "public domain": "LicenseRef-public-domain", "public-domain": "LicenseRef-public-domain", "gpl": "GPL-2.0-or-later", "lgpl": "LGPL-2.0-or-later",
};

/** `GPLv2+`, `GPL-2+`, `LGPL-2.1`, `GPLv3 or later`, `AGPLv3` → SPDX; undefined otherwise. */
function gnuName(s: string): string | undefined {
  const m = /^(A|L)?GPL\s*-?\s*v?(\d)(?:\.(\d))?(?:\s*(\+|or later|or-later)|-only)?$/i.exec(s.trim());
  if (!m) return undefined;
  const prefix = m[1] ? `${m[1].toUpperCase()}GPL` : "GPL";
  const minor = m[3] ?? "0";
  return `${prefix}-${m[2]}.${minor}-${m[4] ? "or-later" : "only"}`;
}

/** One licence name (no operators) → an SPDX id or LicenseRef; undefined if unrecognisable. */
export function normaliseId(raw: string): string | undefined {
  const s = raw.trim().replace(/^\(|\)$/g, "").trim();
  if (!s) return undefined;
  const classifier = /^License :: (?:OSI Approved :: )?(.+)$/i.exec(s);
  if (classifier) return classifiers[classifier[1]!.toLowerCase()] ?? normaliseId(classifier[1]!);
  const alias = aliases[s.toLowerCase()] ?? classifiers[s.toLowerCase()] ?? gnuName(s);
  if (alias) return alias;
  if (isValid(s)) return s;
  const corrected = spdxCorrect(s, { upgrade: true });
  return corrected ?? undefined;
}

function isValid(expr: string): boolean {
  try {
    parse(expr);
    return true;
  } catch {
    return false;
  }
}

export interface NormalisedLicense {
  raw: string;
  /** An SPDX expression, or undefined when the string could not be understood. */
  expression?: string;
}

/** A licence string as found in metadata → an SPDX expression. */
export function normaliseLicense(raw: string): NormalisedLicense {
  const s = raw.trim().slice(0, 1000);
  if (!s) return { raw };
  if (isValid(s)) return { raw, expression: s };
  // Lists come first: spdx-correct would "correct" a whole list to its first licence.
  const list = /\s(?:and|or)\s|[|/,;]/i.test(s.replace(/^License :: .*$/, "")) ? normaliseList(raw, s) : undefined;
  if (list) return list;
  const single = normaliseId(s);
  return single ? { raw, expression: single } : { raw };
}


function normaliseList(raw: string, s: string): NormalisedLicense | undefined {
  // Lists and distro expressions: `GPLv2+ and LGPLv2+`, `MIT/X11`, `BSD, MIT`, `GPL-2 | MIT`.
  const parts = s.split(/\s+(and|or|AND|OR)\s+|\s*(\||\/|,|;)\s*/).filter((p) => p !== undefined);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (/^(and|or|,|;|\||\/)$/i.test(p)) {
      out.push(/^(or|\||\/)$/i.test(p) ? "OR" : "AND");
      continue;
    }
    const id = normaliseId(p.replace(/\s+with\s+.*$/i, ""));
    if (!id) return undefined;
    out.push(/\s/.test(id) ? `(${id})` : id);
  }
  const expr = out.join(" ");
  return isValid(expr) ? { raw, expression: expr } : undefined;
}

/** Parses an SPDX expression; undefined when invalid. */
export function parseExpression(expr: string): SpdxNode | undefined {
  try {
    return parse(expr);
  } catch {
    return undefined;
  }
}
