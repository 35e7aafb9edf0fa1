/** Detectors that find a version right after a fixed marker string in an executable. */
import type { Package } from "../../model/package.js";
import type { FileInfo } from "../../layer/types.js";
import { versionAfter } from "./scan.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

export interface MarkerSpec {
  name: string;
  /** Known install paths of the executable. */
  path: RegExp;
  /** Extra files worth a look (e.g. any executable in a bin directory). */
  alsoWants?(path: string, info: FileInfo): boolean;
  marker: string;
  /** Anchored pattern over the bytes after the marker; group 1 is the version. */
  version: RegExp;
}

export function markerDetector(spec: MarkerSpec): RuntimeDetector {
  return {
    name: spec.name,
    wants: (path, info) => spec.path.test(path) || (spec.alsoWants?.(path, info) ?? false),
    detect(content: Buffer, path: string): Package[] {
      const v = versionAfter(content, spec.marker, spec.version);
      return v ? [runtimePackage(spec.name, v, path)] : [];
    },
  };
}
