/**
 * Several reports through one format (docs/reports.md, "Several images"): every platform of a multi-platform
 * image (`--platform all`), or several images of one run. One report is written exactly as `write` writes it;
 * several by the format's `writeMany`, or, for a text format without one, one section per image under a
 * heading naming it. Sections and documents are named by image and platform, so that reports of different
 * images (a list of targets) are told apart as well as the platforms of one.
 */
import type { ScanReport } from "../model/finding.js";
import type { Platform } from "../model/image.js";
import { formatPlatform } from "../image/platform.js";
import { terminalSafe } from "./common/escape.js";
import { writeText } from "./common/write.js";
import type { MultiReport, Reporter, ReportOptions } from "./types.js";

/** What names an image: its name (reference, archive, directory) and, for an image of an index, its platform. */
export interface ImageName {
  name: string;
  platform?: Platform;
}

/** `NAME (os/arch[/variant])`, or NAME alone without a platform. */
export function imageLabel(image: ImageName): string {
  return image.platform ? `${image.name} (${formatPlatform(image.platform)})` : image.name;
}

/** One label per image, in order; a label two images would share gets ` #2`, ` #3`… on its later uses. */
export function imageLabels(images: readonly ImageName[]): string[] {
  const seen = new Map<string, number>();
  return images.map((image) => {
    const label = imageLabel(image);
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return n === 1 ? label : `${label} #${n}`;
  });
}

export const reportLabels = (reports: readonly ScanReport[]): string[] => imageLabels(reports.map((r) => r.artifact));

/** The name of the whole set: the images' common name (the platforms of one index), else "N images". */
export function setName(images: readonly ImageName[]): string {
  const names = new Set(images.map((i) => i.name));
  return names.size === 1 ? images[0]!.name : `${images.length} images`;
}

/** The report with each target's name prefixed by `label`, for formats that list targets of several images together. */
export function qualifyTargets(report: ScanReport, label: string): ScanReport {
  return { ...report, targets: report.targets.map((t) => ({ ...t, target: `${label}: ${t.target}` })) };
}

/** The report with `label` as the image's name, for formats that name the image in each finding. */
export function labelImage(report: ScanReport, label: string): ScanReport {
  return { ...report, artifact: { ...report.artifact, name: label } };
}

/**
 * One report holding every image's targets (qualified by label), warnings and inventory gaps (prefixed by
 * label), under the first image's metadata renamed to the set: for a format that shows one list of findings.
 */
export function combinedReport(multi: MultiReport): ScanReport {
  const labels = reportLabels(multi.reports);
  const first = multi.reports[0]!;
  const targets: ScanReport["targets"] = [];
  const warnings: string[] = [];
  const gaps: NonNullable<ScanReport["incompleteReasons"]> = [];
  multi.reports.forEach((r, i) => {
    for (const t of qualifyTargets(r, labels[i]!).targets) targets.push(t);
    for (const w of r.warnings) warnings.push(`${labels[i]}: ${w}`);
    for (const g of r.incompleteReasons ?? []) gaps.push({ ...g, message: `${labels[i]}: ${g.message}` });
  });
  const { inventoryIncomplete: _i, incompleteReasons: _r, ...rest } = first;
  return {
    ...rest, artifact: { ...first.artifact, name: setName(multi.reports.map((r) => r.artifact)) }, targets, warnings,
    ...(gaps.length ? { inventoryIncomplete: true as const, incompleteReasons: gaps } : {}),
  };
}

/** Writes the reports in `reporter`'s format: one as `write` does, several as one output. */
export async function writeMulti(reporter: Reporter, multi: MultiReport, out: NodeJS.WritableStream, options: ReportOptions): Promise<void> {
  if (multi.reports.length === 1) return reporter.write(multi.reports[0]!, out, options);
  if (reporter.writeMany) return reporter.writeMany(multi, out, options);
  return writeSections(multi, out, plainSection, (r) => reporter.write(r, out, options));
}

/** How a text format opens and closes the section of one image. */
export interface SectionStyle {
  open(label: string, index: number, count: number): string;
  close?: string;
}

/** Plain text (the table): `Image 1 of 2: NAME (linux/amd64)` underlined, sections a blank line apart. */
export const plainSection: SectionStyle = {
  open: (label, i, n) => {
    const title = `Image ${i + 1} of ${n}: ${terminalSafe(label)}`;
    return `${i > 0 ? "\n" : ""}${title}\n${"#".repeat(Math.min(title.length, 120))}\n\n`;
  },
};

/** One section per report: the style's opening, the report as `write` writes it (with its label), the closing. */
export async function writeSections(multi: MultiReport, out: NodeJS.WritableStream, style: SectionStyle,
  write: (report: ScanReport, label: string) => Promise<void>): Promise<void> {
  const labels = reportLabels(multi.reports);
  for (const [i, report] of multi.reports.entries()) {
    await writeText(out, style.open(labels[i]!, i, multi.reports.length));
    await write(report, labels[i]!);
    if (style.close) await writeText(out, style.close);
  }
}
