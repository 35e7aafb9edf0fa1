/**
 * Test helper: builds image layers as real tars (tar-stream), reads them with the project's layer walker
 * and layer analysis, and returns what the scanners take as input.
 */
import { Readable } from "node:stream";
import { pack } from "tar-stream";
import type { SecretFinding } from "../model/finding.js";
import type { ImageConfig, ImageMetadata, LayerRef } from "../model/image.js";
import { walkLayer } from "../layer/walk.js";
import { analyzeEvents } from "../artifact/analyze-layer.js";
import { buildTree } from "../artifact/merge.js";
import type { LayerAnalysis } from "../artifact/types.js";
import { silentLogger } from "../util/log.js";
import { secretAnalyzer } from "./secret/analyzer.js";
import { imageLayerSecrets } from "./secret/image.js";
import { imageFileEntries } from "./misconfig/image/files.js";
import type { SecretRuleSet } from "./secret/types.js";
import type { ImageFileEntry } from "./misconfig/image/types.js";

export type TestEntry =
  | { path: string; content: string | Buffer; mode?: number }
  | { path: string; dir: true; mode?: number }
  | { path: string; whiteout: true };

export function layerTar(entries: readonly TestEntry[]): Promise<Buffer> {
  const p = pack();
  for (const e of entries) {
    const name = e.path.replace(/^\//, "");
    if ("whiteout" in e) {
      const slash = name.lastIndexOf("/");
      p.entry({ name: `${name.slice(0, slash + 1)}.wh.${name.slice(slash + 1)}`, mode: 0o644 }, "");
    } else if ("dir" in e) p.entry({ name, type: "directory", mode: e.mode ?? 0o755 });
    else p.entry({ name, mode: e.mode ?? 0o644 }, e.content);
  }
  p.finalize();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    p.on("data", (c: unknown) => { chunks.push(c as Buffer); });
    p.on("end", () => resolve(Buffer.concat(chunks)));
    p.on("error", reject);
  });
}

export interface TestImageScan {
  metadata: ImageMetadata;
  files: ImageFileEntry[];
  secrets: SecretFinding[];
}

/** Reads each layer once with the secret analyzer, merges them, and places the secret findings. */
export async function scanTestImage(layers: readonly TestEntry[][], config: Partial<ImageConfig>, rules: SecretRuleSet, annotations: Record<string, string> = {}): Promise<TestImageScan> {
  const analyzer = secretAnalyzer(rules);
  const analyses: LayerAnalysis[] = [];
  const refs: LayerRef[] = [];
  for (const [index, entries] of layers.entries()) {
    const diffId = `sha256:${String(index).padStart(64, "0")}`;
    const where = `layer ${index + 1}`;
    const tar = Readable.from(await layerTar(entries));
    analyses.push(await analyzeEvents(walkLayer(tar, { where, logger: silentLogger }), { diffId, where, analyzers: [analyzer], logger: silentLogger }));
    refs.push({ index, diffId, createdBy: `layer ${index + 1}` });
  }
  const tree = buildTree(analyses);
  const files = imageFileEntries(tree.files());
  const secrets = imageLayerSecrets(refs, analyses, tree);
  const fullConfig: ImageConfig = { architecture: "amd64", os: "linux", env: [], exposedPorts: [], volumes: [], labels: {}, diffIds: refs.map((r) => r.diffId), history: [], ...config };
  const metadata: ImageMetadata = {
    source: "oci-layout", name: "test", repoTags: [], repoDigests: [], configDigest: "sha256:" + "c".repeat(64),
    platform: { os: "linux", architecture: "amd64" }, annotations, config: fullConfig, rawConfig: {}, layers: refs,
  };
  return { metadata, files, secrets };
}
