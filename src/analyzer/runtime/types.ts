/**
 * Runtimes and servers installed without a package manager (official node, python, golang, openjdk, ruby,
 * php, nginx, httpd, redis, postgres and busybox images build or unpack them into /usr/local, /opt…).
 * Each detector names the files it reads (cheap path tests) and turns one file into at most a few packages.
 * The file's path is the package location, so a runtime whose file a dpkg/rpm/apk package owns is dropped
 * by the inventory (the OS package reports it).
 */
import type { Package } from "../../model/package.js";
import type { FileInfo } from "../../layer/types.js";
import { langPurl } from "../lang/purl.js";

export interface RuntimeDetector {
  /** Runtime name as reported (`node`, `python`…). */
  readonly name: string;
  /** Cheap test on the path (and size, mode) of a regular file. */
  wants(path: string, info: FileInfo): boolean;
  /** Packages found in the file; empty when it holds no trustworthy version. Must not throw. */
  detect(content: Buffer, path: string): Package[];
}

/**
 * A runtime without its own ecosystem: type `binary`, `pkg:generic/<name>@<version>` (the scheme
 * src/sbom-input maps back to `binary`). src/matcher/runtime/ matches that name against NVD's CPE rows
 * (./cpe.ts).
 */
export function runtimePackage(name: string, version: string, path: string, extra: Partial<Package> = {}): Package {
  return { type: "binary", name, version, purl: langPurl("generic", undefined, name, version), locations: [{ path }], ...extra };
}

/** Base name of a path. */
export const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
