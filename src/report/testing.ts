/** Test helpers for the report writers: schema validators and stream capture. Not used by the library. */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { Ajv, type ValidateFunction } from "ajv";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import type { ScanReport } from "../model/finding.js";
import { fixturesDir } from "../../test/helpers/images.js";
import { reportFormats } from "./registry.js";
import type { Reporter, ReportFormat, ReportOptions } from "./types.js";

/**
 * The formats that carry OS package findings: GitLab's dependency-scanning report (language packages) and its
 * secret-detection report (secrets) leave them to the container-scanning report (`gitlab`) by design.
 */
export const osFindingFormats: readonly ReportFormat[] =
  reportFormats.filter((f) => f !== "gitlab-dependency-scanning" && f !== "gitlab-secret-detection");

const schemas = join(fixturesDir, "schemas");
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(schemas, name), "utf8")) as Record<string, unknown>;

/** "dredge": one JSON report (report-v1); "dredge-reports": several (reports-v1, docs/reports.md "Several images"); "dredge-diff": `dredge diff --format json` (diff-v1). */
export type SchemaName = "sarif" | "cyclonedx" | "spdx" | "dredge" | "dredge-reports" | "dredge-diff" | GitlabSchema;

/** GitLab's own security report schemas, 15.0.7 (../shared/fixtures/schemas/gitlab). */
export type GitlabSchema = "gitlab-container-scanning" | "gitlab-dependency-scanning" | "gitlab-secret-detection";

export function schemaValidator(name: SchemaName): ValidateFunction {
  if (name === "sarif") {
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    return ajv.compile(load("sarif-2.1.0.schema.json"));
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  ajv.addFormat("iri-reference", /^[^\s<>"{}|\\^`]*$/u);
  ajv.addFormat("idn-email", /^[^\s@]+@[^\s@]+$/u);
  if (name.startsWith("gitlab-")) return ajv.compile(load(`gitlab/${name.slice("gitlab-".length)}-report-format-15.0.7.json`));
  if (name === "spdx") return ajv.compile(load("spdx-2.3.schema.json"));
  const own = (file: string) => JSON.parse(readFileSync(join(import.meta.dirname, "json", file), "utf8")) as Record<string, unknown>;
  if (name === "dredge") return ajv.compile(own("report-v1.schema.json"));
  if (name === "dredge-diff") return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, "../diff/diff-v1.schema.json"), "utf8")) as Record<string, unknown>);
  if (name === "dredge-reports") return ajv.addSchema(own("report-v1.schema.json")).compile(own("reports-v1.schema.json"));
  ajv.addSchema(load("cyclonedx-spdx.schema.json"), "http://cyclonedx.org/schema/spdx.schema.json");
  ajv.addSchema(load("cyclonedx-jsf-0.82.schema.json"), "http://cyclonedx.org/schema/jsf-0.82.schema.json");
  return ajv.compile(load("cyclonedx-bom-1.6.schema.json"));
}

/** Errors of `validate` as readable lines (empty when valid). */
export function schemaErrors(validate: ValidateFunction, doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** Runs a reporter into memory and returns what it wrote. */
export async function render(reporter: Reporter, report: ScanReport, options: Partial<ReportOptions> = {}): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(Buffer.from(chunk)); cb(); } });
  await reporter.write(report, out, { color: false, now: new Date("2021-08-25T12:20:30Z"), ...options });
  return Buffer.concat(chunks).toString("utf8");
}

/** Compares `actual` with the golden file; with UPDATE_GOLDEN=1 rewrites the file instead. */
export function assertGolden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run with UPDATE_GOLDEN=1 and review it`);
  assert.equal(actual, readFileSync(file, "utf8"), `output differs from ${file} (UPDATE_GOLDEN=1 regenerates it)`);
}

/**
 * A small XML well-formedness check for our writers' output: balanced, properly nested elements, quoted
 * attributes, no raw `<` or stray `&` in text, no characters XML 1.0 forbids. Returns the first problem.
 */
export function xmlProblem(xml: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) return "control character";
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  let roots = 0;
  while ((m = token.exec(body))) {
    if (m[6]) return `raw "<" at ${m.index}`;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[5])) return `stray "&" at ${m.index}`;
      if (stack.length === 0 && m[5].trim()) return `text outside the root at ${m.index}`;
      continue;
    }
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[3] ?? "")) return `stray "&" in attribute at ${m.index}`;
    if (m[1]) {
      if (stack.pop() !== m[2]) return `mismatched </${m[2]}> at ${m.index}`;
    } else {
      if (stack.length === 0) roots++;
      if (!m[4]) stack.push(m[2]!);
    }
  }
  if (stack.length) return `unclosed <${stack.at(-1)}>`;
  return roots === 1 ? undefined : `${roots} root elements`;
}
