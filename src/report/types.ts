/** The contract every report writer implements. A reporter turns a ScanReport into bytes on a stream. */
import type { ScanReport } from "../model/finding.js";

/** A format name: one of the registry's (`reportFormats` in registry.ts), the single list of formats. */
export type ReportFormat = string;

/** table/markdown: vulnerabilities per target or per image layer (`--group-by`). */
export type Grouping = "target" | "layer";
export const groupings: readonly Grouping[] = ["target", "layer"];

export interface ReportOptions {
  /** ANSI colours (table only); the CLI sets it when stdout is a terminal and NO_COLOR is unset. */
  color: boolean;
  /** table/markdown: group vulnerabilities per target (default) or per image layer. */
  groupBy?: Grouping;
  /** Show suppressed findings (marked) in human formats; machine formats always carry them marked. */
  showSuppressed?: boolean;
  /** table: maximum line width in columns (default 160). */
  width?: number;
  /** Fixed clock and ids for reproducible output (tests, golden files). */
  now?: Date;
}

/**
 * Several reports of one run, each for one image: every platform of a multi-platform image (`--platform all`),
 * or several images (a list of targets). Sections and documents are named by `reportLabels` (multi.ts):
 * the image's name and its platform.
 */
export interface MultiReport {
  reports: readonly ScanReport[];
}

export interface Reporter {
  format: ReportFormat;
  mediaType: string;
  fileExtension: string;
  /**
   * Whether the format is written from the report's package listing (`ScanTarget.packages`): "always" for
   * formats that describe the whole image (cyclonedx, spdx-json), "on-request" for json (--list-all-pkgs).
   * Absent: never; the CLI hands such formats the report without the listing.
   */
  packageListing?: "always" | "on-request";
  write(report: ScanReport, out: NodeJS.WritableStream, options: ReportOptions): Promise<void>;
  /**
   * Several reports as one output (multi.ts calls it only for two reports or more; one report is `write`'s).
   * Absent: a text format whose outputs can follow one another, each under a heading naming the image
   * (multi.ts `textSections`). Every format that writes one document (JSON, XML, HTML) has its own.
   */
  writeMany?(multi: MultiReport, out: NodeJS.WritableStream, options: ReportOptions): Promise<void>;
}
