/** Maven package constructor: name `groupId:artifactId`, purl `pkg:maven/groupId/artifactId@version`. */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";

export function mavenPackage(group: string, artifact: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return {
    type: "maven",
    name: `${group}:${artifact}`,
    version,
    purl: langPurl("maven", group, artifact, version),
    locations: [{ path }],
    ...extra,
  };
}

const COORD = /^[A-Za-z0-9_.-]+$/;
export const isCoordinate = (s: string | undefined): s is string => s !== undefined && COORD.test(s) && s.length <= 200;
export const isMavenVersion = (s: string | undefined): s is string => s !== undefined && /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(s) && s.length <= 100;
