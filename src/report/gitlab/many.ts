/**
 * GitLab for several images (docs/reports.md, "Several images"): one security report holding the
 * vulnerabilities of every image. Each keeps its single-image fields (GitLab locates a container-scanning
 * finding by image and package); its id is qualified by the image's label (`NAME (os/arch)`), so the same
 * finding in two images has two ids. `scan` is the first image's, starting at the earliest scan, with every
 * image's messages prefixed by its label.
 */
import type { ScanReport } from "../../model/finding.js";
import { reportLabels } from "../multi.js";
import type { MultiReport } from "../types.js";
import { uuidFrom } from "./shared.js";

type Json = Record<string, unknown>;

/** `single`: the report of one image (container scanning, or secret detection for secret-only scans). */
export function mergeGitlab(multi: MultiReport, single: (report: ScanReport) => Json): Json {
  const labels = reportLabels(multi.reports);
  const docs = multi.reports.map(single);
  const vulnerabilities: Json[] = [];
  const messages: Json[] = [];
  docs.forEach((doc, i) => {
    for (const v of doc.vulnerabilities as Json[]) vulnerabilities.push({ ...v, id: uuidFrom(`${labels[i]}\0${String(v.id)}`) });
    for (const m of ((doc.scan as Json).messages as Json[] | undefined) ?? []) messages.push({ ...m, value: `${labels[i]}: ${String(m.value)}` });
  });
  const starts = docs.map((d) => String((d.scan as Json).start_time)).sort();
  const { messages: _first, ...scan } = docs[0]!.scan as Json;
  return { ...docs[0], vulnerabilities, scan: { ...scan, start_time: starts[0], ...(messages.length ? { messages } : {}) } };
}
