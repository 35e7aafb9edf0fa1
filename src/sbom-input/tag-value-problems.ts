/** Problems met while reading SPDX tag-value, counted per kind so a broken file gives a few warnings, not thousands. */
import { MAX_VALUE_CHARS, sample, type LineProblem } from "./tag-value-lines.js";

export type TagValueProblem = LineProblem | "misplaced" | "bad-relationship" | "bad-external-ref" | "no-spdxid";

/** What went wrong, once (`one`) and as a count (`many`). */
const TEXT: Record<TagValueProblem, { one: string; many: string }> = {
  malformed: { one: 'not a "Tag: value" line', many: 'line(s) not of the form "Tag: value" ignored' },
  binary: { one: "binary data", many: "line(s) with binary data ignored" },
  "unclosed-text": { one: "<text> without </text>", many: "<text> value(s) without </text> read as one line" },
  "long-value": { one: `value longer than ${MAX_VALUE_CHARS} characters`, many: `value(s) longer than ${MAX_VALUE_CHARS} characters cut` },
  misplaced: { one: "tag outside its package or licence section", many: "package or licence tag(s) outside their section ignored" },
  "bad-relationship": { one: 'Relationship not "A TYPE B"', many: 'Relationship line(s) not "A TYPE B" ignored' },
  "bad-external-ref": { one: 'ExternalRef not "CATEGORY TYPE LOCATOR"', many: 'ExternalRef line(s) not "CATEGORY TYPE LOCATOR" ignored' },
  "no-spdxid": { one: "package without SPDXID", many: "package(s) without SPDXID skipped" },
};

interface Seen {
  kind: TagValueProblem;
  count: number;
  line: number;
  sample: string;
}

export class TagValueProblems {
  private readonly seen = new Map<TagValueProblem, Seen>();

  add(kind: TagValueProblem, line: number, raw: string): void {
    const s = this.seen.get(kind);
    if (s) s.count++;
    else this.seen.set(kind, { kind, count: 1, line, sample: sample(raw) });
  }

  /** The earliest problem, as `line N: what ("sample")`, or undefined when there was none. */
  first(): string | undefined {
    const s = this.ordered()[0];
    return s && `line ${s.line}: ${TEXT[s.kind].one} ("${s.sample}")`;
  }

  /** One message per kind, in the order of their first line. */
  summaries(): string[] {
    return this.ordered().map((s) => `${s.count} ${TEXT[s.kind].many} (first at line ${s.line}: "${s.sample}")`);
  }

  private ordered(): Seen[] {
    return [...this.seen.values()].sort((a, b) => a.line - b.line);
  }
}
