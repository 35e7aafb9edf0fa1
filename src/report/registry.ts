/** The explicit list of report writers, one line each. */
import { DredgeError } from "../errors.js";
import { cyclonedxReporter } from "./cyclonedx/index.js";
import { githubReporter } from "./github/index.js";
import { gitlabReporter, gitlabSecretDetectionReporter } from "./gitlab/index.js";
import { gitlabDependencyScanningReporter } from "./gitlab/dependency.js";
import { htmlReporter } from "./html/index.js";
import { jsonReporter } from "./json/index.js";
import { junitReporter } from "./junit/index.js";
import { markdownReporter } from "./markdown/index.js";
import { sarifReporter } from "./sarif/index.js";
import { spdxJsonReporter } from "./spdx-json/index.js";
import { tableReporter } from "./table/index.js";
import type { ReportFormat, Reporter } from "./types.js";

export const reporters: readonly Reporter[] = [
  tableReporter,
  jsonReporter,
  sarifReporter,
  cyclonedxReporter,
  spdxJsonReporter,
  junitReporter,
  gitlabReporter,
  gitlabDependencyScanningReporter,
  gitlabSecretDetectionReporter,
  markdownReporter,
  githubReporter,
  htmlReporter,
];

export const reportFormats: readonly ReportFormat[] = reporters.map((r) => r.format);

export function isReportFormat(s: string): s is ReportFormat {
  return (reportFormats as readonly string[]).includes(s);
}

/** The reporter for a format name as the user typed it; a USAGE error names the valid formats otherwise. */
export function reporterFor(format: string): Reporter {
  const r = reporters.find((x) => x.format === format);
  if (!r) throw new DredgeError("USAGE", `unknown report format "${format}"`, { hint: `use one of: ${reportFormats.join(", ")}` });
  return r;
}
