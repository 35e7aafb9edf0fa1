/** `--format FORMAT[=FILE]` (repeatable) and `--output FILE`: several reports from one scan. */
import { DredgeError } from "../errors.js";
import type { ScanReport } from "../model/finding.js";
import { writeMulti } from "../report/multi.js";
import { reporterFor } from "../report/registry.js";
import type { ReportOptions } from "../report/types.js";
import type { OutputSpec } from "../scan/options.js";
import { getsListing, withoutPackageListing } from "../scan/package-list.js";
import type { RunContext } from "./context.js";
import { writeFileAtomically } from "./output.js";

/** The validated --format list (ScanOptions.format; none: table) with --output FILE given to the one without =FILE. */
export function withOutputFile(formats: readonly OutputSpec[], output: string | undefined): OutputSpec[] {
  const specs: OutputSpec[] = formats.length ? formats.map((f) => ({ ...f })) : [{ format: "table" }];
  if (output) {
    const bare = specs.filter((s) => !s.file);
    if (bare.length !== 1) throw new DredgeError("USAGE", "--output needs exactly one --format without =FILE");
    bare[0]!.file = output;
  }
  if (specs.filter((s) => !s.file).length > 1) {
    throw new DredgeError("USAGE", "only one format can go to stdout", { hint: "write the others to files: --format sarif=report.sarif" });
  }
  return specs;
}

export interface WriteOptions extends Omit<ReportOptions, "color"> {
  /** --list-all-pkgs: json lists every package too (cyclonedx and spdx-json always do). */
  listAllPackages?: boolean;
}

/**
 * Each output from the same reports (one per image: every platform with --platform all), several as one
 * output per format (src/report/multi.ts); formats that do not get the package listing get the reports without it.
 */
export async function writeReports(ctx: RunContext, full: readonly ScanReport[], specs: readonly OutputSpec[], writeOptions: WriteOptions): Promise<void> {
  const { listAllPackages = false, ...options } = writeOptions;
  let bare: ScanReport[] | undefined;
  for (const spec of specs) {
    const reporter = reporterFor(spec.format);
    const multi = { reports: getsListing(reporter.packageListing, listAllPackages) ? full : (bare ??= full.map(withoutPackageListing)) };
    if (!spec.file || spec.file === "-") {
      const color = spec.format === "table" && (ctx.stdout as NodeJS.WriteStream).isTTY === true && !ctx.env.NO_COLOR;
      await writeMulti(reporter, multi, ctx.stdout, { ...options, color, width: (ctx.stdout as NodeJS.WriteStream).columns ?? options.width });
      continue;
    }
    await writeFileAtomically(spec.file, (out) => writeMulti(reporter, multi, out, { ...options, color: false }));
  }
}
