import { Decompress } from "fzstd";
import { createReadStream } from "node:fs";
const f = process.argv[2];
const t = performance.now(); let n = 0; let maxRss = 0;
const d = new Decompress((c) => { n += c.length; });
for await (const c of createReadStream(f, { highWaterMark: 1 << 20 })) { d.push(c); const r = process.memoryUsage().rss; if (r > maxRss) maxRss = r; }
d.push(new Uint8Array(0), true);
console.log(f, n, (performance.now() - t).toFixed(0) + "ms", "maxRss", (maxRss / 1e6).toFixed(0) + "MB");
