/**
 * Alpine secdb: `<base>/v3.X/{main,community}.json` (upstream https://secdb.alpinelinux.org, whose index
 * page lists the branches), or a local directory of secdb JSON (or YAML) files. One record per package
 * entry of a file.
 */
import { basename, dirname } from "node:path";
import { DredgeError } from "../../../errors.js";
import { isDirectory, readRecordFile, walkFiles } from "../files.js";
import { httpJson, httpText, joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";

export const ALPINE_URL = "https://secdb.alpinelinux.org";
const REPOS = ["main", "community"] as const;

export interface AlpineRaw {
  branch: string;
  repo: string;
  pkg: unknown;
}

/** The package entries of one secdb file (Alpine, Wolfi and Chainguard write the same shape). */
export function recordsOf(data: unknown, origin: string, fallbackBranch: string, fallbackRepo: string): RawRecord[] {
  const packages = (data as { packages?: unknown } | null)?.packages;
  // An empty YAML list converts to "" or null: a file with no packages.
  if (packages === "" || packages === null) return [];
  if (typeof data !== "object" || data === null || !Array.isArray(packages)) {
    return [{ id: origin, origin, data: undefined, error: "not a secdb file (no packages list)" }];
  }
  const d = data as { distroversion?: unknown; reponame?: unknown; packages: unknown[] };
  const branch = typeof d.distroversion === "string" ? d.distroversion : fallbackBranch;
  const repo = typeof d.reponame === "string" ? d.reponame : fallbackRepo;
  return d.packages.map((pkg, i) => {
    const name = (pkg as { pkg?: { name?: unknown } } | null)?.pkg?.name;
    const id = `${branch}/${repo}/${typeof name === "string" ? name : `packages[${i}]`}`;
    const raw: AlpineRaw = { branch, repo, pkg };
    return { id, origin, data: raw };
  });
}

async function branchesFromIndex(ctx: FetchContext): Promise<string[]> {
  const html = (await httpText(joinUrl(ctx.location, "/"), { logger: ctx.logger })) ?? "";
  const found = new Set<string>();
  for (const m of html.matchAll(/href="(v\d+\.\d+|edge)\/?"/g)) if (m[1]) found.add(m[1]);
  if (found.size === 0) throw new DredgeError("PARSE_ERROR", `no Alpine branches listed at ${ctx.location}`);
  return [...found].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export async function* fetchAlpine(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    yield* readAlpineLocal(ctx.location);
    return;
  }
  const branches = ctx.selector ? [ctx.selector] : await branchesFromIndex(ctx);
  for (const branch of branches) {
    for (const repo of REPOS) {
      const url = joinUrl(ctx.location, `${branch}/${repo}.json`);
      const data = await httpJson(url, { logger: ctx.logger, allowNotFound: true });
      if (data === undefined) continue;
      yield* recordsOf(data, url, branch, repo);
    }
  }
}

/** Directory of secdb files; JSON preferred, YAML read for a branch/repo that has no JSON. */
async function* readAlpineLocal(path: string): AsyncGenerator<RawRecord> {
  const files = (await isDirectory(path)) ? await walkFiles(path, [".json", ".yaml", ".yml"]) : [path];
  const key = (f: string): string => `${basename(dirname(f))}/${basename(f).replace(/\.(json|ya?ml)$/i, "")}`;
  const withJson = new Set(files.filter((f) => f.endsWith(".json")).map(key));
  for (const f of files) {
    if (!f.endsWith(".json") && withJson.has(key(f))) continue;
    const rec = await readRecordFile(f);
    if (rec.error) yield rec;
    else yield* recordsOf(rec.data, f, basename(dirname(f)), basename(f).replace(/\.(json|ya?ml)$/i, ""));
  }
}
