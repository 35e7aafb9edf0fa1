/**
 * The YAML ignore format (`.dredgeignore.yaml`), one list per kind of finding:
 *
 *     vulnerabilities:
 *       - id: CVE-2023-32681
 *         purls: [pkg:pypi/requests]
 *         paths: ["usr/lib/python3/dist-packages/**"]
 *         expires: 2026-12-31
 *         reason: requests only talks to our own proxy
 *     secrets:
 *       - id: aws-access-key-id
 *         paths: [app/tests/fixtures/**]
 *
 * Trivy's key names `statement` and `expired_at` are accepted for `reason` and `expires`.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { isValidDate } from "./expiry.js";
import { idPattern } from "./plain.js";
import { ignoreCategories, type IgnoreCategory, type IgnoreRule, type IgnoreRules } from "./types.js";
import { safeParse } from "../../util/schema.js";

const dateField = z.string().refine(isValidDate, "must be a date in YYYY-MM-DD form");
const list = (item: z.ZodString) => z.array(item).min(1).max(10_000);

const entrySchema = z.strictObject({
  id: z.string().regex(idPattern, "must be an advisory, rule or licence ID"),
  paths: list(z.string().min(1)).optional(),
  purls: list(z.string().startsWith("pkg:", "must be a purl (pkg:…)")).optional(),
  packages: list(z.string().min(1)).optional(),
  expires: dateField.optional(),
  expired_at: dateField.optional(),
  reason: z.string().optional(),
  statement: z.string().optional(),
});
const section = z.array(entrySchema).max(100_000).nullish();
const fileSchema = z
  .strictObject({ vulnerabilities: section, misconfigurations: section, secrets: section, licenses: section })
  .nullish();

type Entry = z.infer<typeof entrySchema>;

function lineOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = path.length === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return 1;
}

/** The line of the key `key` in the map at `path` (for unknown keys), else of the map. */
function keyLine(doc: Document, lc: LineCounter, path: readonly PropertyKey[], key: string): number {
  const map = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  if (isMap(map)) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return lineOf(doc, lc, path);
}

function bad(file: string, line: number, msg: string): DredgeError {
  return new DredgeError("INVALID_CONFIG", `${file}:${line}: ${msg}`, {
    hint: "see docs/policy.md for the .dredgeignore.yaml format",
    details: { file, line },
  });
}

function toRule(e: Entry, category: IgnoreCategory, file: string, line: number): IgnoreRule {
  const rule: IgnoreRule = { id: e.id, category, file, line };
  if (e.paths) rule.paths = e.paths;
  if (e.purls) rule.purls = e.purls;
  if (e.packages) rule.packages = e.packages;
  const expires = e.expires ?? e.expired_at;
  if (expires !== undefined) rule.expires = expires;
  const reason = e.reason ?? e.statement;
  if (reason !== undefined) rule.reason = reason;
  return rule;
}

export function parseYamlIgnore(text: string, file: string): IgnoreRules {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const yerr = doc.errors[0];
  if (yerr) throw bad(file, lc.linePos(yerr.pos[0]).line, `invalid YAML: ${yerr.message.split("\n")[0]}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw bad(file, 1, `invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = safeParse(fileSchema, data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const where = path.length > 0 ? ` at ${path.join(".")}` : "";
    const unknownKey = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const line = unknownKey === undefined ? lineOf(doc, lc, path) : keyLine(doc, lc, path, unknownKey);
    throw bad(file, line, `invalid ignore entry${where}: ${issue?.message ?? "invalid"}`);
  }
  const rules: IgnoreRule[] = [];
  for (const category of ignoreCategories) {
    (parsed.data?.[category] ?? []).forEach((e, i) => {
      rules.push(toRule(e, category, file, lineOf(doc, lc, [category, i])));
    });
  }
  return { sources: [file], rules };
}
