/**
 * The per-layer analysis budget and incomplete inventories (issue #22 items 7 and 11): generated layers with
 * large dpkg info lists or an oversized database, small limits set by the test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { configAnalyzer } from "../analyzer/config/analyzer.js";
import { langAnalyzer } from "../analyzer/lang/analyzer.js";
import { osAnalyzers } from "../analyzer/registry.js";
import type { Analyzer } from "../analyzer/types.js";
import { buildInventory } from "../inventory/build.js";
import { walkLayer } from "../layer/walk.js";
import type { ImageMetadata, LayerRef } from "../model/image.js";
import { silentLogger } from "../util/log.js";
import { debianOsRelease, dpkgStatus } from "../../test/helpers/dpkg-rootfs.js";
import { tarBuffer, type TarSpec } from "../../test/helpers/hostile-tars.js";
import { analyzeEvents, layerWhere } from "./analyze-layer.js";
import { mergeAnalyses } from "./merge.js";
import type { ImageAnalysis, LayerAnalysis } from "./types.js";

interface Limits {
  maxKeptBytes?: number;
  maxFileSize?: number;
  analyzers?: readonly Analyzer[];
}

const diffIdOf = (i: number) => `sha256:${String(i + 1).repeat(64)}`;

async function analyzeImage(layers: readonly TarSpec[][], o: Limits = {}): Promise<{ analyses: LayerAnalysis[]; image: ImageAnalysis }> {
  const analyses: LayerAnalysis[] = [];
  const refs: LayerRef[] = [];
  for (const [index, entries] of layers.entries()) {
    const diffId = diffIdOf(index);
    const where = layerWhere(index, diffId);
    const events = walkLayer(Readable.from(await tarBuffer(entries)), { where, logger: silentLogger });
    analyses.push(await analyzeEvents(events, { diffId, where, analyzers: o.analyzers ?? osAnalyzers, logger: silentLogger, maxKeptBytes: o.maxKeptBytes, maxFileSize: o.maxFileSize }));
    refs.push({ index, diffId });
  }
  const metadata: ImageMetadata = {
    source: "oci-layout", name: "generated", repoTags: [], repoDigests: [], configDigest: `sha256:${"c".repeat(64)}`,
    platform: { os: "linux", architecture: "amd64" }, annotations: {},
    config: { architecture: "amd64", os: "linux", env: [], exposedPorts: [], volumes: [], labels: {}, diffIds: refs.map((r) => r.diffId), history: [] },
    rawConfig: {}, layers: refs,
  };
  return { analyses, image: mergeAnalyses(metadata, analyses, analyses.map(() => false)) };
}

const KB = 1024;
const base: TarSpec[] = [{ name: "etc/os-release", content: debianOsRelease }, { name: "var/lib/dpkg/status", content: dpkgStatus(3) }];
const lists = (n: number, size: number): TarSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `var/lib/dpkg/info/p${i}.list`, content: Buffer.alloc(size, `/usr/share/p${i}/file\n`) }));

describe("per-layer analysis budget", () => {
  it("past the budget, dpkg info lists are skipped: one warning naming the layer and the files, the inventory incomplete", async () => {
    const { analyses, image } = await analyzeImage([[...base, ...lists(8, 100 * KB)]], { maxKeptBytes: 350 * KB });
    const where = layerWhere(0, diffIdOf(0));
    const warnings = analyses[0]!.warnings.filter((w) => w.includes("analysis budget"));
    assert.equal(warnings.length, 1, analyses[0]!.warnings.join("\n"));
    assert.ok(warnings[0]!.startsWith(`${where}: 5 files skipped, past the layer's 358400 bytes analysis budget (--max-layer-analyzed-bytes): /var/lib/dpkg/info/p3.list, `), warnings[0]);
    const inv = buildInventory(image);
    assert.equal(inv.packages.length, 3);
    assert.deepEqual(inv.incomplete?.map((g) => [g.kind, g.layer, g.files, g.limit, g.paths.length]), [["layer-budget", { index: 0, diffId: diffIdOf(0) }, 5, 350 * KB, 5]]);
    assert.match(inv.incomplete![0]!.message, /^layer 1 \(sha256:1{12}\): 5 files not analysed, past the layer's 358400 bytes analysis budget .*p7\.list; packages may be missing/);
  });

  it("within the budget nothing is skipped and the inventory is complete", async () => {
    const { analyses, image } = await analyzeImage([[...base, ...lists(8, 10 * KB)]], { maxKeptBytes: 350 * KB });
    assert.deepEqual(analyses[0]!.warnings, []);
    assert.equal(buildInventory(image).incomplete, undefined);
  });

  it("files only the config analyzer keeps are skipped past the budget with a warning, but the inventory stays complete", async () => {
    const yaml = (i: number): TarSpec => ({ name: `srv/k8s/${i}.yaml`, content: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  x: "${"y".repeat(50 * KB)}"\n` });
    const { analyses, image } = await analyzeImage([[...base, ...[0, 1, 2, 3].map(yaml)]], { maxKeptBytes: 120 * KB, analyzers: [...osAnalyzers, configAnalyzer] });
    assert.ok(analyses[0]!.warnings.some((w) => /2 files skipped, past the layer's 122880 bytes analysis budget/.test(w)), analyses[0]!.warnings.join("\n"));
    assert.equal(buildInventory(image).incomplete, undefined);
  });
});

describe("incomplete inventory: files over a size limit", () => {
  it("a package database over the analysis limit: skipped, the inventory marked incomplete (not a silent exit 0)", async () => {
    const { image } = await analyzeImage([base], { maxFileSize: 100 });
    const inv = buildInventory(image);
    assert.equal(inv.packages.length, 0);
    assert.deepEqual(inv.incomplete?.map((g) => [g.kind, g.paths, g.files, g.limit]), [["file-over-limit", ["/var/lib/dpkg/status"], 1, 100]]);
    assert.match(inv.incomplete![0]!.message, /^layer 1 \(sha256:1+\): 1 file not analysed, over the 100 bytes analysis limit: \/var\/lib\/dpkg\/status; packages may be missing/);
    assert.ok(inv.warnings.some((w) => w.includes("/var/lib/dpkg/status skipped")));
  });

  it("a skipped database that a later layer replaces leaves the inventory complete", async () => {
    const big: TarSpec = { name: "var/lib/dpkg/status", content: dpkgStatus(50) };
    const { image } = await analyzeImage([[base[0]!, big], [{ name: "var/lib/dpkg/status", content: dpkgStatus(2) }]], { maxFileSize: 1000 });
    const inv = buildInventory(image);
    assert.equal(inv.packages.length, 2);
    assert.equal(inv.incomplete, undefined);
  });

  it("a manifest over its language analyzer's own limit marks the inventory incomplete", async () => {
    const tiny = langAnalyzer({ id: "tiny-npm", version: 1, maxBytes: 10, parserFor: (p) => (p.endsWith("/package.json") ? () => ({ packages: [], warnings: [] }) : undefined) });
    const { image } = await analyzeImage([[{ name: "app/package.json", content: '{"name":"app","version":"1.0.0"}' }]], { analyzers: [tiny] });
    assert.deepEqual(buildInventory(image).incomplete?.map((g) => [g.kind, g.paths, g.limit]), [["file-over-limit", ["/app/package.json"], 10]]);
  });
});
