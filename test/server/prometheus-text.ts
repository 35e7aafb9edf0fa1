/**
 * A strict reader of the Prometheus text exposition format (0.0.4) for tests: metric and label name syntax,
 * label value escapes, HELP/TYPE at most once and before the family's samples, families contiguous, no
 * duplicate series, counters' `_total`, and histograms' rules (`_bucket` with `le`, cumulative counts,
 * a `+Inf` bucket equal to `_count`, a `_sum`). Throws on the first violation.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  type: string;
  help?: string;
  samples: Sample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text: string, line: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value "${text}" in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf("=", i);
    const name = text.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || text[eq + 1] !== '"') throw new Error(`bad label in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    let value = "";
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] !== "\\") value += text[j];
      else {
        const e = text[++j];
        if (e === "\\") value += "\\";
        else if (e === '"') value += '"';
        else if (e === "n") value += "\n";
        else throw new Error(`bad escape \\${e} in: ${line}`);
      }
    }
    if (j >= text.length) throw new Error(`unterminated label value in: ${line}`);
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ",") throw new Error(`expected , in: ${line}`);
      i++;
    }
  }
  return labels;
}

/** The family a sample belongs to: histograms' `_bucket`, `_sum`, `_count` fold into their base name. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && families.get(base)?.type === "histogram") return base;
  }
  return name;
}

function checkHistogram(name: string, f: Family): void {
  const series = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}_bucket without le`);
      entry.buckets.push([parseValue(le, `le="${le}"`), s.value]);
    } else if (s.name === `${name}_sum`) entry.sum = s.value;
    else if (s.name === `${name}_count`) entry.count = s.value;
    else throw new Error(`${s.name} in histogram ${name}`);
  }
  for (const [key, e] of series) {
    for (let i = 1; i < e.buckets.length; i++) {
      if (!(e.buckets[i]![0] > e.buckets[i - 1]![0])) throw new Error(`${name}${key}: le not increasing`);
      if (e.buckets[i]![1] < e.buckets[i - 1]![1]) throw new Error(`${name}${key}: buckets not cumulative`);
    }
    const inf = e.buckets.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${name}${key}: no +Inf bucket`);
    if (e.count === undefined || e.sum === undefined) throw new Error(`${name}${key}: no _count or _sum`);
    if (inf[1] !== e.count) throw new Error(`${name}${key}: +Inf bucket ${inf[1]} ≠ _count ${e.count}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a newline");
  const families = new Map<string, Family>();
  const closed = new Set<string>();
  const seen = new Set<string>();
  let current: string | undefined;
  const enter = (name: string) => {
    if (current !== name) {
      if (closed.has(name)) throw new Error(`family ${name} is not contiguous`);
      if (current) closed.add(current);
      current = name;
    }
  };
  for (const line of text.slice(0, -1).split("\n")) {
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, "HELP" | "TYPE", string, string];
      if (!METRIC.test(name)) throw new Error(`bad metric name in: ${line}`);
      enter(name);
      const f = families.get(name) ?? { type: "untyped", samples: [] };
      families.set(name, f);
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        if (f.samples.length > 0 || (f as { typed?: boolean }).typed) throw new Error(`TYPE of ${name} after its samples or twice`);
        f.type = rest;
        (f as { typed?: boolean }).typed = true;
      } else {
        if (f.help !== undefined) throw new Error(`HELP of ${name} twice`);
        f.help = rest;
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = /^([^{\s]+)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m || !METRIC.test(m[1]!)) throw new Error(`bad sample: ${line}`);
    const labels = m[2] ? parseLabels(m[2], line) : {};
    const name = m[1]!;
    const family = familyOf(name, families);
    enter(family);
    const f = families.get(family) ?? { type: "untyped", samples: [] };
    families.set(family, f);
    const id = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(id)) throw new Error(`duplicate series: ${line}`);
    seen.add(id);
    f.samples.push({ name, labels, value: parseValue(m[3]!, line) });
  }
  for (const [name, f] of families) {
    if (f.type === "counter" && !name.endsWith("_total")) throw new Error(`counter ${name} should end in _total`);
    if (f.type === "histogram") checkHistogram(name, f);
  }
  return families;
}
