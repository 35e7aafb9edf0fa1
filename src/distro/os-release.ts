/** Parsers for os-release and the distro-specific release files (pure: text in, fields out). */

const MAX_LINES = 2000;

/** `KEY=value` / `KEY="value"` lines (os-release, lsb-release, SuSE-release `KEY = value`). */
export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    out.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return out;
}

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2 && v.endsWith(q)) {
    const inner = v.slice(1, -1);
    return q === '"' ? inner.replace(/\\(["\\$`])/g, "$1") : inner;
  }
  return v;
}

/** First non-empty line of a file such as /etc/redhat-release. */
export function firstLine(text: string): string {
  for (const line of text.split(/\r?\n/, 50)) if (line.trim() !== "") return line.trim();
  return "";
}
