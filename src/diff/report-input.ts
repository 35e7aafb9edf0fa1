/**
 * A Dredge JSON report (report-v1, or reports-v1 holding one image) as a side of a comparison: untrusted
 * input, so read with a size limit and through a schema of the fields the comparison and the suppressions
 * read (the rest is kept as it is).
 */
import { open } from "node:fs/promises";
import { z } from "zod";
import { DredgeError, errorMessage } from "../errors.js";
import { findingStatuses, severities, type ScanReport } from "../model/finding.js";
import { policyActions } from "../model/policy.js";
import { safeParse } from "../util/schema.js";

/** Reports larger than this are refused. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

const list = <T extends z.ZodType>(item: T) => z.array(item).max(5_000_000).prefault([]);
const findingPackage = z.looseObject({ name: z.string(), version: z.string(), type: z.string(), purl: z.string(), class: z.enum(["os", "library"]) });
const vulnerability = z.looseObject({
  id: z.string(),
  aliases: list(z.string()),
  package: findingPackage,
  installedVersion: z.string(),
  fixedVersions: list(z.string()),
  status: z.enum(findingStatuses).catch("unknown"),
  severity: z.enum(severities),
  title: z.string().optional(),
  references: list(z.string()),
  cvss: list(z.looseObject({})),
  cwes: list(z.string()),
});
const target = z.looseObject({
  target: z.string(),
  class: z.string(),
  type: z.string(),
  packages: z.array(findingPackage).max(5_000_000).optional(),
  vulnerabilities: list(vulnerability),
  misconfigurations: list(z.looseObject({ id: z.string(), severity: z.enum(severities) })),
  secrets: list(z.looseObject({ ruleId: z.string(), path: z.string(), severity: z.enum(severities) })),
  licenses: list(z.looseObject({ license: z.string(), severity: z.enum(severities) })),
});
const report = z.looseObject({
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  tool: z.looseObject({ name: z.literal("dredge"), version: z.string() }),
  artifact: z.looseObject({
    name: z.string(),
    type: z.string(),
    repoTags: list(z.string()),
    repoDigests: list(z.string()),
    layers: list(z.looseObject({})),
    manifestDigest: z.string().optional(),
    os: z.looseObject({ family: z.string(), name: z.string() }).optional(),
  }),
  database: z.looseObject({ schemaVersion: z.number(), builtAt: z.string(), digest: z.string().optional() }).optional(),
  targets: list(target),
  policy: z.looseObject({ finalAction: z.enum(policyActions) }).optional(),
  warnings: list(z.string()),
});
const reports = z.looseObject({ schemaVersion: z.literal(1), reports: z.array(z.unknown()).min(1) });

/** True when the head of a file looks like JSON (a report, once it is not an SBOM). */
export const looksLikeJson = (head: Buffer): boolean => head.toString("utf8").replace(/^\uFEFF/, "").trimStart().startsWith("{");

async function readLimited(path: string, maxBytes: number): Promise<string> {
  const fh = await open(path, "r").catch((err: unknown) => {
    throw new DredgeError("IO_ERROR", `cannot open report ${path}: ${errorMessage(err)}`, { cause: err });
  });
  try {
    const st = await fh.stat();
    if (st.size > maxBytes) throw new DredgeError("LIMIT_EXCEEDED", `report ${path} is larger than ${maxBytes} bytes`);
    return (await fh.readFile()).toString("utf8").replace(/^\uFEFF/, "");
  } finally {
    await fh.close();
  }
}

const notAReport = (path: string, why: string) =>
  new DredgeError("PARSE_ERROR", `${path} is not a Dredge JSON report: ${why}`, {
    hint: "compare images, SBOMs (CycloneDX, SPDX) or reports written by `dredge image --format json` (add --list-all-pkgs to compare packages too)",
  });

function issueText(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join(".") || "(document)"}: ${issue.message}`;
}

/** The scan report of `path`: a report-v1 document, or a reports-v1 document holding exactly one report. */
export async function readDredgeReport(path: string, maxBytes = MAX_REPORT_BYTES): Promise<ScanReport> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readLimited(path, maxBytes));
  } catch (err) {
    if (err instanceof DredgeError) throw err;
    throw notAReport(path, `invalid JSON (${errorMessage(err)})`);
  }
  const many = safeParse(reports, doc);
  if (many.success) {
    if (many.data.reports.length !== 1) {
      throw new DredgeError("USAGE", `${path} holds ${many.data.reports.length} images; a comparison takes one image a side`, {
        hint: "scan the one image to compare (--platform os/arch), or split the report",
      });
    }
    doc = many.data.reports[0];
  }
  const r = safeParse(report, doc);
  if (!r.success) throw notAReport(path, issueText(r.error));
  // The schema checked every field the comparison and the suppressions read; the others are carried as they are.
  return r.data as unknown as ScanReport;
}
