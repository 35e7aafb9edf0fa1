/** Debian control-file syntax (dpkg status, status.d): stanzas of `Field: value` lines, continuation lines. */

export interface Stanza {
  /** Field names lower-cased (dpkg compares them case-insensitively); multi-line values joined with "\n". */
  fields: Map<string, string>;
  /** 1-based line where the stanza starts. */
  line: number;
}

export interface ControlParse {
  stanzas: Stanza[];
  warnings: string[];
}

const MAX_WARNINGS = 20;

/** Split control text into stanzas. Malformed lines are skipped with a warning; parsing never throws. */
export function parseControl(text: string): ControlParse {
  const stanzas: Stanza[] = [];
  const warnings: string[] = [];
  let bad = 0;
  let current: Stanza | undefined;
  let lastField: string | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line.trim() === "") {
      if (current) stanzas.push(current);
      current = undefined;
      lastField = undefined;
      continue;
    }
    current ??= { fields: new Map(), line: i + 1 };
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (lastField === undefined) {
        if (bad++ < MAX_WARNINGS) warnings.push(`line ${i + 1}: continuation line without a field`);
        continue;
      }
      current.fields.set(lastField, `${current.fields.get(lastField) ?? ""}\n${line.slice(1)}`);
      continue;
    }
    const m = /^([!-9;-~][!-9;-~]*):(.*)$/.exec(line);
    if (!m?.[1]) {
      if (bad++ < MAX_WARNINGS) warnings.push(`line ${i + 1}: not a "Field: value" line`);
      lastField = undefined;
      continue;
    }
    lastField = m[1].toLowerCase();
    current.fields.set(lastField, (m[2] ?? "").trim());
  }
  if (current) stanzas.push(current);
  if (bad > MAX_WARNINGS) warnings.push(`${bad - MAX_WARNINGS} more malformed lines`);
  return { stanzas, warnings };
}
