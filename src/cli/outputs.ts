/** `--format FORMAT[=FILE]` (repeatable) and `--output FILE`: several reports from one scan. */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { DredgeError, errorMessage } from "../errors.js";
import type { ScanReport } from "../model/finding.js";
import { reporterFor } from "../report/registry.js";
import type { ReportOptions } from "../report/types.js";
import type { RunContext } from "./context.js";

export interface OutputSpec {
  format: string;
  file?: string;
}

export function parseOutputs(formats: readonly string[], output: string | undefined): OutputSpec[] {
  const specs = (formats.length ? formats : ["table"]).map((f) => {
    const i = f.indexOf("=");
    return i < 0 ? { format: f } : { format: f.slice(0, i), file: f.slice(i + 1) };
  });
  for (const s of specs) reporterFor(s.format); // unknown format → USAGE error listing the formats
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

export async function writeReports(ctx: RunContext, report: ScanReport, specs: readonly OutputSpec[], options: Omit<ReportOptions, "color">): Promise<void> {
  for (const spec of specs) {
    const reporter = reporterFor(spec.format);
    if (!spec.file || spec.file === "-") {
      const color = spec.format === "table" && (ctx.stdout as NodeJS.WriteStream).isTTY === true && !ctx.env.NO_COLOR;
      await reporter.write(report, ctx.stdout, { ...options, color, width: (ctx.stdout as NodeJS.WriteStream).columns ?? options.width });
      continue;
    }
    const tmp = `${spec.file}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      const out = createWriteStream(tmp);
      await reporter.write(report, out, { ...options, color: false });
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      await rename(tmp, spec.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err instanceof DredgeError ? err : new DredgeError("IO_ERROR", `cannot write ${spec.file}: ${errorMessage(err)}`);
    }
  }
}
