/** Test support for the language analyzers: run an analyzer over a real directory tree, read Trivy goldens. */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Analyzer, AnalysisInput, AnalysisResult } from "../types.js";
import type { FileInfo } from "../../layer/types.js";
import { silentLogger } from "../../util/log.js";
import { fixturesDir } from "../../../test/helpers/images.js";

export const langFixtures = join(fixturesDir, "pkgdb/lang");
export const trivyGoldens = join(fixturesDir, "golden/trivy/goldens");
export const trivyInputs = join(fixturesDir, "golden/trivy/repo-inputs");

function fileInfo(path: string, abs: string): FileInfo | undefined {
  const st = lstatSync(abs);
  if (!st.isFile()) return undefined;
  return { path, type: "file", size: st.size, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

/** Every wanted regular file under `root` (paths inside it get a leading `/`), skipping `skip` subtrees. */
export function collect(analyzer: Analyzer, root: string, skip: readonly string[] = []): AnalysisInput[] {
  const out: AnalysisInput[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const r = `${rel}/${name}`;
      if (skip.includes(r)) continue;
      const abs = join(root, r);
      const st = lstatSync(abs);
      if (st.isDirectory()) walk(r);
      const info = fileInfo(r, abs);
      if (info && analyzer.wants(r, info)) out.push({ path: r, info, content: readFileSync(abs) });
    }
  };
  walk("");
  return out;
}

export async function runAnalyzer(
  analyzer: Analyzer,
  files: readonly AnalysisInput[],
): Promise<{ result: AnalysisResult; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await analyzer.analyze(files, { logger: silentLogger, warn: (m) => warnings.push(m) });
  return { result, warnings };
}

/** `name@version` of every package of the golden's result for `target`. */
export function goldenPackages(golden: string, target: string): string[] {
  const doc = JSON.parse(readFileSync(join(trivyGoldens, golden), "utf8")) as {
    Results?: { Target: string; Packages?: { Name: string; Version: string }[] }[];
  };
  const res = doc.Results?.find((r) => r.Target === target);
  if (!res?.Packages) throw new Error(`${golden}: no packages for ${target}`);
  return [...new Set(res.Packages.map((p) => `${p.Name}@${p.Version}`))].sort();
}

export function nameVersions(pkgs: readonly { name: string; version: string }[]): string[] {
  return [...new Set(pkgs.map((p) => `${p.name}@${p.version}`))].sort();
}
