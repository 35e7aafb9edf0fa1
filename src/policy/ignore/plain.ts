/**
 * The plain `.dredgeignore` format (compatible with `.trivyignore`): one ID per line, `#` comments, and
 * optional `key:value` fields after the ID — `exp:2026-12-31`, `path:GLOB`, `purl:PURL`, `package:NAME`.
 * Text after ` #` on an entry line is kept as the reason.
 *
 *     CVE-2023-32681 exp:2026-12-31 # requests only talks to our own proxy
 */
import { DredgeError } from "../../errors.js";
import { isValidDate } from "./expiry.js";
import type { IgnoreRule, IgnoreRules } from "./types.js";

/** IDs: CVE-…, GHSA-…, PYSEC-…, AVD-DS-0002, KSV001, aws-access-key-id, GPL-3.0-only, LicenseRef-x. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:+/-]{0,199}$/;
const maxLines = 100_000;

function bad(file: string, line: number, msg: string): DredgeError {
  return new DredgeError("INVALID_CONFIG", `${file}:${line}: ${msg}`, {
    hint: "plain ignore lines are `ID [exp:YYYY-MM-DD] [path:GLOB] [purl:PURL] [package:NAME] [# reason]`",
    details: { file, line },
  });
}

/** Splits `ID fields… # reason` into its parts; undefined for blank and comment-only lines. */
function splitLine(raw: string): { tokens: string[]; reason?: string } | undefined {
  const hash = raw.search(/(^|\s)#/);
  const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
  if (body === "") return undefined;
  const reason = hash < 0 ? undefined : raw.slice(hash).replace(/^\s*#/, "").trim();
  return { tokens: body.split(/\s+/), reason: reason === "" ? undefined : reason };
}

function addField(rule: IgnoreRule, token: string, file: string, line: number): void {
  const colon = token.indexOf(":");
  const key = colon < 0 ? token : token.slice(0, colon);
  const value = colon < 0 ? "" : token.slice(colon + 1);
  if (value === "") throw bad(file, line, `field "${token}" has no value`);
  if (key === "exp") {
    if (!isValidDate(value)) throw bad(file, line, `invalid expiry date "${value}" (want YYYY-MM-DD)`);
    rule.expires = value;
  } else if (key === "path") (rule.paths ??= []).push(value);
  else if (key === "purl") {
    if (!value.startsWith("pkg:")) throw bad(file, line, `purl "${value}" does not start with pkg:`);
    (rule.purls ??= []).push(value);
  } else if (key === "package") (rule.packages ??= []).push(value);
  else throw bad(file, line, `unknown field "${key}" (known: exp, path, purl, package)`);
}

export function parsePlainIgnore(text: string, file: string): IgnoreRules {
  const lines = text.split(/\r?\n/);
  if (lines.length > maxLines) throw bad(file, maxLines + 1, `more than ${maxLines} lines`);
  const rules: IgnoreRule[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const parts = splitLine(raw.replace(/^\uFEFF/, ""));
    if (!parts) return;
    const [id, ...fields] = parts.tokens;
    if (id === undefined || !idPattern.test(id)) throw bad(file, line, `invalid ID "${id ?? ""}"`);
    const rule: IgnoreRule = { id, file, line };
    if (parts.reason !== undefined) rule.reason = parts.reason;
    for (const f of fields) addField(rule, f, file, line);
    rules.push(rule);
  });
  return { sources: [file], rules };
}
