/** `configScan`: misconfigurations of Dockerfiles and Kubernetes manifests in a file or directory. */
import { stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { configAnalyzer } from "../analyzer/config/analyzer.js";
import { analyzeDirectory } from "../artifact/directory.js";
import { DredgeError } from "../errors.js";
import type { ScanReport } from "../model/finding.js";
import { dredgeTool } from "../version.js";
import type { ScanHooks } from "./hooks.js";
import type { ScanOptions } from "./options.js";
import { buildReport } from "./report.js";
import { otherFindings } from "./scanners.js";
import { applySuppressions } from "./suppress.js";

export async function configScan(path: string, options: Pick<ScanOptions, "severity" | "ignorefile">, hooks: ScanHooks): Promise<ScanReport> {
  const st = await stat(path).catch(() => undefined);
  if (!st) throw new DredgeError("USAGE", `${path}: no such file or directory`);
  const dir = st.isDirectory() ? path : dirname(path);
  const only = st.isDirectory() ? undefined : `/${basename(path)}`;
  // A single file: the walk of its directory skips every other entry.
  const analysis = await analyzeDirectory(dir, {
    kind: "fs", analyzers: [configAnalyzer], logger: hooks.logger, signal: hooks.signal, tmpDir: hooks.tmpDir,
    ...(only ? { skip: (p: string) => p !== only } : {}),
  });
  const warnings = analysis.warnings;
  const inventory = { target: { name: path, source: "fs" as const, repoTags: [], repoDigests: [] }, packages: [], layers: [], warnings };
  const other = otherFindings(new Set(["misconfig"]), inventory, analysis);
  other.misconfigs = other.misconfigs.filter(
    (m) => options.severity.includes(m.severity) && (!only || m.location?.path === only || m.location?.path?.endsWith(only)),
  );
  const report = buildReport({ inventory, findings: [], other, tool: dredgeTool(), warnings: inventory.warnings });
  return applySuppressions(report, { ignorefile: options.ignorefile, vex: [] });
}
