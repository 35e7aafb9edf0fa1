/**
 * The real bookworm image: walking its four gzip layers and merging them gives the root filesystem that
 * umoci unpacked (same paths, types, sizes of regular files, symlink targets).
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { testImages } from "../../test/helpers/images.js";
import { readLayoutLayers } from "../../test/helpers/oci-layout-reader.js";
import { memoryLogger } from "../util/log.js";
import { openLayerTar } from "./decompress.js";
import { walkDirectory } from "./dir-walk.js";
import { FileTree } from "./file-tree.js";
import { walkLayer } from "./walk.js";
import type { LayerEvent } from "./types.js";

async function mergeImage(tag: string): Promise<{ tree: FileTree; kinds: Map<number, Set<string>>; warnings: number }> {
  const tree = new FileTree();
  const logger = memoryLogger();
  const kinds = new Map<number, Set<string>>();
  for (const layer of readLayoutLayers(testImages().oci, tag)) {
    const seen = new Set<string>();
    kinds.set(layer.index, seen);
    const tar = openLayerTar(createReadStream(layer.file), layer.where);
    for await (const ev of walkLayer(tar, { where: layer.where, logger })) {
      seen.add(ev.kind);
      tree.applyEvent(layer.index, ev);
    }
  }
  return { tree, kinds, warnings: logger.records.filter((r) => r.level === "warn").length };
}

/** `path type size-or-target` lines; hard links compared as the regular file they are on disk. */
function describeTree(tree: FileTree): Map<string, string> {
  const out = new Map<string, string>();
  for (const { info } of tree.files()) {
    if (info.type === "hardlink") {
      const target = tree.resolve(info.path);
      out.set(info.path, `file ${target?.info.size}`);
    } else out.set(info.path, line(info.type, info.size, info.linkname));
  }
  return out;
}

function line(type: string, size: number, link?: string): string {
  if (type === "file") return `file ${size}`;
  if (type === "symlink") return `symlink ${link}`;
  return type;
}

async function describeDir(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const ev of walkDirectory(root, { logger: memoryLogger() })) {
    if (ev.kind === "entry") out.set(ev.info.path, line(ev.info.type, ev.info.size, ev.info.linkname));
  }
  return out;
}

describe("bookworm image: walk + merge equals the unpacked root filesystem", () => {
  let merged: Awaited<ReturnType<typeof mergeImage>>;
  let fromTree: Map<string, string>;
  let fromDisk: Map<string, string>;
  before(async () => {
    merged = await mergeImage("bookworm");
    fromTree = describeTree(merged.tree);
    fromDisk = await describeDir(testImages().rootfs);
  });

  it("walks four layers with whiteouts and an opaque directory, without warnings", () => {
    assert.equal(merged.kinds.size, 4);
    assert.ok(merged.kinds.get(2)!.has("whiteout"));
    assert.ok(merged.kinds.get(3)!.has("opaque"));
    assert.equal(merged.warnings, 0);
  });

  it("has the same set of paths", () => {
    const missing = [...fromDisk.keys()].filter((p) => !fromTree.has(p));
    const extra = [...fromTree.keys()].filter((p) => !fromDisk.has(p));
    assert.deepEqual({ missing: missing.slice(0, 20), extra: extra.slice(0, 20) }, { missing: [], extra: [] });
    assert.ok(fromDisk.size > 5000, `${fromDisk.size} paths`);
  });

  it("has the same types, regular-file sizes and symlink targets", () => {
    const diffs = [...fromDisk].filter(([p, d]) => fromTree.get(p) !== d).map(([p, d]) => `${p}: disk ${d}, image ${fromTree.get(p)}`);
    assert.deepEqual(diffs.slice(0, 20), []);
  });

  it("applied the whiteouts and the opaque directory", () => {
    const t = merged.tree;
    assert.equal(t.get("/usr/src/app/node_modules/minimist"), undefined);
    assert.equal(t.get("/usr/local/lib/python3.11/dist-packages/PyYAML-5.3.1.dist-info"), undefined);
    assert.equal(t.get("/opt/legacy-tool/package.json")?.layer, 3);
    assert.equal(t.get("/opt/legacy-tool/node_modules"), undefined);
    assert.equal(t.resolve("/etc/os-release")?.info.path, "/usr/lib/os-release");
  });
});

describe("quirk-notrailer image", () => {
  it("accepts a layer without the tar end-of-archive blocks", async () => {
    const layers = readLayoutLayers(testImages().oci, "quirk-notrailer");
    const last = layers[layers.length - 1]!;
    const events: LayerEvent[] = [];
    for await (const ev of walkLayer(openLayerTar(createReadStream(last.file), last.where), { where: last.where, logger: memoryLogger() })) {
      events.push(ev);
    }
    assert.ok(events.some((e) => e.kind === "entry" && e.info.type === "file"), JSON.stringify(events));
    const { tree } = await mergeImage("quirk-notrailer");
    assert.ok(tree.size > 5000);
  });
});
