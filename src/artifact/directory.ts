/** A root filesystem or project directory, read as one pseudo-layer through the same analyzers. */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Analyzer } from "../analyzer/types.js";
import { DredgeError } from "../errors.js";
import { walkDirectory } from "../layer/dir-walk.js";
import type { ImageMetadata, SourceKind } from "../model/image.js";
import type { Logger } from "../util/log.js";
import { analyzeEvents } from "./analyze-layer.js";
import { mergeAnalyses } from "./merge.js";
import type { ImageAnalysis } from "./types.js";

export interface AnalyzeDirectoryOptions {
  kind: Extract<SourceKind, "rootfs" | "fs">;
  analyzers: readonly Analyzer[];
  logger: Logger;
  /** Leave this path (and, for a directory, everything below) out of the walk. */
  skip?: (relPath: string, isDir: boolean) => boolean;
  signal?: AbortSignal;
  /** Handed to analyzers for their temporary files (the CLI's --tmp-dir). */
  tmpDir?: string;
}

export async function analyzeDirectory(dir: string, options: AnalyzeDirectoryOptions): Promise<ImageAnalysis> {
  const root = await checkDirectory(dir, options.kind);
  const events = walkDirectory(root, { logger: options.logger, skip: options.skip });
  const { analyzers, logger, signal, tmpDir } = options;
  const analysis = await analyzeEvents(events, { diffId: "", where: root, analyzers, logger, signal, tmpDir });
  return mergeAnalyses(directoryMetadata(root, options.kind), [analysis], [false]);
}

/** The directory's absolute path; a USAGE error naming it when it is missing or not a directory. */
export async function checkDirectory(dir: string, kind: "rootfs" | "fs"): Promise<string> {
  const root = resolve(dir);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new DredgeError("USAGE", `${dir}: no such directory`, { hint: `dredge ${kind} takes a directory` });
  return root;
}

function directoryMetadata(root: string, kind: "rootfs" | "fs"): ImageMetadata {
  return {
    source: kind,
    name: root,
    repoTags: [],
    repoDigests: [],
    configDigest: "",
    platform: { os: "", architecture: "" },
    annotations: {},
    config: { architecture: "", os: "", env: [], exposedPorts: [], volumes: [], labels: {}, diffIds: [], history: [] },
    rawConfig: {},
    layers: [],
  };
}
