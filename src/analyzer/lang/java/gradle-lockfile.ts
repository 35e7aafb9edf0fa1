/** gradle.lockfile: `group:artifact:version=conf1,conf2` lines; only-test configurations mark dev packages. */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { dedupe } from "../types.js";
import { isCoordinate, isMavenVersion, mavenPackage } from "./package.js";

export function parseGradleLockfile(content: Buffer, path: string): ParseResult {
  const out: Package[] = [];
  for (const raw of content.toString("utf8").split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("empty=")) continue;
    const [coords = "", confs = ""] = line.split("=");
    const [group, artifact, version] = coords.split(":");
    if (!isCoordinate(group) || !isCoordinate(artifact) || !isMavenVersion(version)) continue;
    const configurations = confs.split(",").filter((c) => c !== "");
    const dev = configurations.length > 0 && configurations.every((c) => /^test/i.test(c));
    out.push(mavenPackage(group, artifact, version, path, { dev }));
  }
  return { packages: dedupe(out), warnings: [] };
}
