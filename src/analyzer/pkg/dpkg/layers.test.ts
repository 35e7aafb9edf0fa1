/**
 * The dpkg + OS analyzers over the four real layers of the bookworm test image, with a minimal merge
 * (last writer wins, whiteouts, opaque dirs): status comes from layer 3 (curl purged), owned files from the
 * layers that installed each package.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, readFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { testImages } from "../../../../test/helpers/images.js";
import { silentLogger } from "../../../util/log.js";
import type { AnalysisInput, AnalysisResult, Analyzer, PackageSet } from "../../types.js";
import { osAnalyzer } from "../../os/analyzer.js";
import { pickOS } from "../../os/pick.js";
import { dpkgAnalyzer } from "./analyzer.js";
import { applyDpkgInfo, isDpkgInfoSet } from "./info.js";

const analyzers: Analyzer[] = [osAnalyzer, dpkgAnalyzer];

async function readLayer(file: string, onWhiteout: (path: string, opaque: boolean) => void): Promise<AnalysisInput[]> {
  const inputs: AnalysisInput[] = [];
  const tar = extract();
  tar.on("entry", (header, stream, next) => {
    const path = `/${header.name.replace(/^\.?\/+/, "").replace(/\/$/, "")}`;
    const base = path.slice(path.lastIndexOf("/") + 1);
    const dir = path.slice(0, path.lastIndexOf("/"));
    if (base === ".wh..wh..opq") onWhiteout(dir, true);
    else if (base.startsWith(".wh.")) onWhiteout(`${dir}/${base.slice(4)}`, false);
    const info = { path, type: "file" as const, size: header.size ?? 0, mode: header.mode ?? 0, uid: 0, gid: 0 };
    const take = header.type === "file" && analyzers.some((a) => a.wants(path, info));
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => {
      if (take && Buffer.isBuffer(c)) chunks.push(c);
    });
    stream.on("end", () => {
      if (take) inputs.push({ path, info, content: Buffer.concat(chunks) });
      next();
    });
  });
  await pipeline(createReadStream(file), createGunzip(), tar);
  return inputs;
}

describe("dpkg and OS across the bookworm image layers", () => {
  it("merged inventory equals expected.json, owned files attached across layers", async () => {
    const img = testImages();
    const index = JSON.parse(readFileSync(join(img.oci, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
    const desc = index.manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === "bookworm");
    assert.ok(desc);
    const blobPath = (d: string) => join(img.oci, "blobs", ...d.split(":"));
    const manifest = JSON.parse(readFileSync(blobPath(desc.digest), "utf8")) as { layers: { digest: string }[] };
    const owner = new Map<string, number>();
    const results: AnalysisResult[] = [];
    for (const [i, layer] of manifest.layers.entries()) {
      const inputs = await readLayer(blobPath(layer.digest), (p, opaque) => {
        for (const k of [...owner.keys()]) if ((!opaque && k === p) || k.startsWith(`${p}/`)) owner.delete(k);
      });
      for (const f of inputs) owner.set(f.path, i);
      const merged: AnalysisResult = { os: [], packageSets: [] };
      for (const a of analyzers) {
        const mine = inputs.filter((f) => a.wants(f.path, f.info));
        if (mine.length === 0) continue;
        const r = await a.analyze(mine, { logger: silentLogger, warn: (m) => assert.fail(m) });
        merged.os?.push(...(r.os ?? []));
        merged.packageSets?.push(...(r.packageSets ?? []));
      }
      results.push(merged);
    }
    const surviving: PackageSet[] = results.flatMap((r, i) => (r.packageSets ?? []).filter((s) => owner.get(s.path) === i));
    const osEntries = results.flatMap((r, i) => (r.os ?? []).filter((o) => owner.get(o.path) === i));
    const statusSets = surviving.filter((s) => !isDpkgInfoSet(s));
    assert.deepEqual(statusSets.map((s) => [s.path, owner.get(s.path)]), [["/var/lib/dpkg/status", 2]]);
    const pkgs = statusSets.flatMap((s) => s.packages);
    applyDpkgInfo(pkgs, surviving.filter(isDpkgInfoSet));
    const want = img.expected.bookworm.dpkg.map((d) => [d.name, d.version, d.arch, d.source, d.sourceVersion].join(" ")).sort();
    assert.deepEqual(pkgs.map((p) => [p.name, p.version, p.arch, p.source?.name, p.source?.version].join(" ")).sort(), want);
    assert.equal(pkgs.some((p) => p.name === "curl"), false);
    const missingFiles = pkgs.filter((p) => !p.files?.length).map((p) => p.name);
    assert.deepEqual(missingFiles, [], "every package has its .list");
    const urllib3 = pkgs.find((p) => p.name === "python3-urllib3");
    assert.ok(urllib3?.files?.some((f) => f.includes("urllib3")), "python3-urllib3 (layer 2) owns its files");
    const os = pickOS(osEntries, { now: new Date("2026-11-27T00:00:00Z"), dpkgPaths: statusSets.map((s) => s.path) });
    assert.deepEqual([os?.family, os?.name, os?.codename, os?.distroless], ["debian", "12", "bookworm", undefined]);
  });
});
