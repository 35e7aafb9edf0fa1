/** Walking a large single-file layer streams it: RSS stays far below the layer's size. */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBigFileLayer } from "../../test/helpers/hostile-tars.js";

const size = 300 * 1024 * 1024;

/** Runs the walk in a fresh process; prints JSON { bytes, rssGrowth, maxRss }. */
const child = `
import { createReadStream } from "node:fs";
import { openLayerTar } from ${JSON.stringify(join(import.meta.dirname, "decompress.ts"))};
import { walkLayer } from ${JSON.stringify(join(import.meta.dirname, "walk.ts"))};
import { silentLogger } from ${JSON.stringify(join(import.meta.dirname, "../util/log.ts"))};
const [file, read] = process.argv.slice(1);
globalThis.gc?.();
const rss0 = process.memoryUsage().rss;
let bytes = 0;
let peak = rss0;
for await (const ev of walkLayer(openLayerTar(createReadStream(file, { highWaterMark: 1 << 20 }), "big"), { where: "big", logger: silentLogger })) {
  if (ev.kind === "entry" && ev.content && read === "read") {
    for await (const c of ev.content) { bytes += c.length; peak = Math.max(peak, process.memoryUsage().rss); }
  }
}
console.log(JSON.stringify({ bytes, rssGrowth: Math.max(peak, process.memoryUsage().rss) - rss0, maxRss: process.resourceUsage().maxRSS * 1024 }));
`;

describe("walkLayer memory", () => {
  let dir: string;
  let file: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "dredge-walk-mem-"));
    file = join(dir, "big.tar.gz");
    await writeBigFileLayer(file, size);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const mode of ["read", "skip"] as const) {
    it(`a 300 MB file layer (${mode === "read" ? "content read" : "content not read"}) grows RSS by well under 100 MB`, () => {
      const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "--input-type=module", "-e", child, file, mode], {
        encoding: "utf8",
      });
      const r = JSON.parse(out.trim().split("\n").pop()!) as { bytes: number; rssGrowth: number; maxRss: number };
      if (mode === "read") assert.equal(r.bytes, size);
      assert.ok(r.rssGrowth < 60 * 1024 * 1024, `RSS grew by ${Math.round(r.rssGrowth / 1048576)} MiB`);
    });
  }
});
