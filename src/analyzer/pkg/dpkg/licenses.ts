/**
 * Licences of a Debian package from /usr/share/doc/<pkg>/copyright when it is machine-readable (DEP-5):
 * every `License:` short name, split at `or`/`and`/`,`, normalised to SPDX ids where the mapping is obvious.
 */
import spdxCorrect from "spdx-correct";
import { parseControl } from "./control.js";
import { ownValue } from "../../../util/own.js";

const DEP5_RE = /^Format(?:-Specification)?:\s*https?:\/\/(?:www\.)?debian\.org\/doc\/packaging-manuals\/copyright-format\//im;

/** Licence ids of a DEP-5 copyright file; undefined when the file is not machine-readable. */
export function parseCopyright(content: Buffer): string[] | undefined {
  const text = content.toString("utf8");
  if (!DEP5_RE.test(text.slice(0, 4096))) return undefined;
  const out = new Set<string>();
  for (const stanza of parseControl(text).stanzas) {
    const value = stanza.fields.get("license");
    if (value === undefined) continue;
    const first = value.split("\n")[0]?.trim() ?? "";
    for (const id of splitExpression(first)) out.add(normaliseLicense(id));
  }
  return [...out].sort();
}

function splitExpression(expr: string): string[] {
  const out: string[] = [];
  for (const part of expr.split(/\s+(?:or|and)\s+|\s*,\s*/i)) {
    const id = part.replace(/\s+with\s+.*$/i, "").trim();
    // A short name has no spaces; a sentence is a licence text written where the name belongs.
    if (/^[A-Za-z0-9][A-Za-z0-9.+_\-/]*$/.test(id)) out.push(id);
  }
  return out;
}

const aliases: Record<string, string> = {
  expat: "MIT",
  "apache-2": "Apache-2.0",
  "mpl-2": "MPL-2.0",
  "psf-2": "PSF-2.0",
  zlib: "Zlib",
};

/** The same few dozen names recur across an image's copyright files: each is normalised once. */
const memo = new Map<string, string>();
const MEMO_MAX = 10_000;

/** `GPL-2+` → `GPL-2.0-or-later`, `LGPL-2.1` → `LGPL-2.1-only`, `Expat` → `MIT`; unknown names unchanged. */
export function normaliseLicense(id: string): string {
  let out = memo.get(id);
  if (out === undefined) {
    out = normaliseOnce(id);
    if (memo.size < MEMO_MAX) memo.set(id, out);
  }
  return out;
}

function normaliseOnce(id: string): string {
  const alias = ownValue(aliases, id.toLowerCase());
  if (alias) return alias;
  const gnu = /^(A|L)?GPL-?v?(\d)(?:\.(\d))?(\+)?$/i.exec(id) ?? /^(GFDL)-(\d)\.(\d)(\+)?$/i.exec(id);
  if (gnu) return gnuId(gnu);
  const corrected = spdxCorrect(id);
  // Only case fixes (BSD-3-clause → BSD-3-Clause): spdx-correct's guesses for Debian names can be wrong.
  return corrected && corrected.toLowerCase() === id.toLowerCase() ? corrected : id;
}

function gnuId(m: RegExpExecArray): string {
  if (m[1]?.toUpperCase() === "GFDL") return `GFDL-${m[2]}.${m[3]}-${m[4] ? "or-later" : "only"}`;
  const prefix = m[1] ? `${m[1].toUpperCase()}GPL` : "GPL";
  return `${prefix}-${m[2]}.${m[3] ?? "0"}-${m[4] ? "or-later" : "only"}`;
}
