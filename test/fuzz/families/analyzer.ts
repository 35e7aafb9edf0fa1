/**
 * Every registered analyzer (images, root filesystems and source trees) as the artifact inspector calls it:
 * `wants(path, info)`, then `analyze([file])`. File names come from the layer as much as file contents do,
 * so the input is a path (first line) and a content (the rest): hostile names (`constructor`, `__proto__`,
 * odd suffixes) must not pick a parser that is not one, and no analyzer may throw anything but a DredgeError.
 */
import { analyzers, analyzersFor } from "../../../src/analyzer/registry.js";
import type { AnalysisResult, Analyzer } from "../../../src/analyzer/types.js";
import type { FileInfo } from "../../../src/layer/types.js";
import { silentLogger } from "../../../src/util/log.js";
import { packagesProblem, plainDataProblem } from "../checks.js";
import { fixtureSeeds } from "../seeds.js";
import type { FuzzTarget } from "../target.js";

const all: readonly Analyzer[] = [...new Set([...analyzers, ...analyzersFor("fs")])];

/** `path\ncontent` seeds: a wanted path of each analyzer family with a real (or plausible) content. */
function seeds(): Buffer[] {
  const withPath = (path: string, content: Buffer | string): Buffer => Buffer.concat([Buffer.from(`${path}\n`), Buffer.from(content)]);
  const [status = "", apk = "", lock = "", gemfile = "", cargo = "", metadata = ""] = fixtureSeeds(
    [
      "pkgdb/dpkg/syft-status-d-cases/single",
      "pkgdb/apk/syft-multiple-1/lib/apk/db/installed",
      "pkgdb/lang/npm/trivy-happy/package-lock.json",
      "pkgdb/lang/ruby/Gemfile.lock",
      "pkgdb/lang/rust/Cargo.lock",
      "pkgdb/lang/python/click-8.0.0.dist-info/METADATA",
    ],
    16 * 1024,
  );
  return [
    withPath("/var/lib/dpkg/status", status),
    withPath("/lib/apk/db/installed", apk),
    withPath("/app/package-lock.json", lock),
    withPath("/app/Gemfile.lock", gemfile),
    withPath("/app/Cargo.lock", cargo),
    withPath("/usr/lib/python3/site-packages/click-8.0.0.dist-info/METADATA", metadata),
    withPath("/etc/os-release", 'ID=debian\nVERSION_ID="12"\n'),
    withPath("/usr/local/bin/node", "\0\0node.js/v20.11.1\0/download/release/v20.11.1/node-v20.11.1.tar.gz\0"),
    withPath("/usr/local/include/python3.12/patchlevel.h", '#define PY_VERSION "3.12.1"\n'),
    withPath("/var/lib/rpm/Packages", "not a db"),
    withPath("/app/node_modules/left-pad/package.json", '{"name":"left-pad","version":"1.3.0","license":"WTFPL"}'),
  ];
}

const tokens = [
  "/constructor", "/__proto__", "/toString", "/hasOwnProperty", "/valueOf", "constructor", "__proto__", "/node_modules/",
  "/site-packages/", "/vendor/", "/specifications/", "/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/var/lib/dpkg/status.d/",
  "/var/lib/dpkg/info/", "/usr/share/doc/", "/etc/", ".jar", ".gemspec", ".deps.json", ".dist-info/METADATA", "-wal",
  "package.json", "yarn.lock", "Pipfile.lock", "go.mod", "go.sum", "/bin/", "/bin/python3.11", "\n", "//", "/./", "/../",
];

async function run(input: Buffer): Promise<AnalysisResult[]> {
  const nl = input.indexOf(0x0a);
  const path = (nl < 0 ? input : input.subarray(0, nl)).toString("utf8");
  const content = nl < 0 ? Buffer.alloc(0) : input.subarray(nl + 1);
  const info: FileInfo = { path, type: "file", size: 1 << 20, mode: 0o755, uid: 0, gid: 0 };
  const out: AnalysisResult[] = [];
  const ctx = { logger: silentLogger, warn: () => undefined };
  for (const a of all) {
    if (a.wants(path, info)) out.push(await a.analyze([{ path, info, content }], ctx));
  }
  return out;
}

function check(r: unknown): string | undefined {
  for (const res of r as AnalysisResult[]) {
    for (const set of res.packageSets ?? []) {
      const bad = packagesProblem(set.packages);
      if (bad) return `${set.analyzer}: ${bad}`;
    }
    const os = plainDataProblem(res.os, "os");
    if (os) return os;
  }
  return undefined;
}

export const analyzerTargets: FuzzTarget[] = [{ name: "analyzer/paths", seeds, tokens, run, check }];
