/**
 * The generated big image of the `big` bench (issue #23): 42 gzip layers, ≥ 2 GB uncompressed, ≥ 200,000 files,
 * as a Dockerfile of a real application would leave them: a Debian base with ~2,400 dpkg packages, an
 * upgrade rewriting 600 of them, apt-get installs (the status file rewritten each time, ~3,300 packages at the
 * end), pip (1,500 dist-infos, some uninstalled), npm (10,000 packages, some pruned), Spring-Boot fat jars, and
 * 27 application layers that rewrite and delete (whiteouts, an opaque directory) files of earlier ones.
 * Deterministic; cached under /var/tmp/dredge-bench-cache (DREDGE_BENCH_CACHE) by generator version, so
 * runs reuse it and a new version builds a new image (the old one is removed).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { debPackage, stanza, writeDebPackage, type Content, type DebPackage } from "./big-dpkg.js";
import { finishArchive, LayerWriter, layoutBlobs, type WrittenLayer } from "./big-writer.js";
import { corpus, int, pick, rng, uniqueWord, type Rand } from "./lang-gen.js";
import { fatJars } from "./lang-jars.js";
import { npmTree } from "./lang-npm.js";
import { sitePackages } from "./lang-python.js";
import { benchCacheDir } from "./cache-dir.js";

/**
 * Names the cached image: bump it with any change to what the generator writes (this file, big-dpkg.ts,
 * big-writer.ts, or the lang-*.ts generators it calls), or an old image is reused.
 */
const GENERATOR_VERSION = 1;

export interface BigImage {
  archive: string;
  layers: number;
  /** Regular files written over all layers (rewrites counted again), and their bytes. */
  files: number;
  bytes: number;
  whiteouts: number;
  compressedBytes: number;
  /** Packages in the final image, per type (dpkg from the last status file). */
  expected: { deb: number; npm: number; pypi: number; maven: number };
}

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';
const TEXT_EXT = ["js", "py", "rb", "html", "css", "txt", "md", "sh"];
const DATA_EXT = ["png", "woff2", "bin", "dat", "gz"];

/** Windows of a text corpus, or of a binary-looking one (compresses about 2.5:1 at gzip -1, no ELF magic). */
function contentFrom(text: Buffer, r: Rand): Content {
  const bin = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) bin[i] = i % 64 < 12 ? 0 : i % 16 === 0 ? Math.floor(r() * 256) : text[i]! ^ 0x5a;
  return (rr, size, isText) => {
    const src = isText ? text : bin;
    const n = Math.min(size, src.length);
    const at = Math.floor(rr() * (src.length - n));
    return src.subarray(at, at + n);
  };
}

interface State {
  r: Rand;
  content: Content;
  text: Buffer;
  debs: DebPackage[];
  fillerFiles: string[][];
  /** Directories of the pip and npm layers, for the layers that delete some of them. */
  pipDists: string[];
  npmPackageJsons: string[];
  maven: number;
}

async function writeStatus(w: LayerWriter, s: State): Promise<void> {
  const pool = s.debs;
  await w.file("var/lib/dpkg/status", s.debs.map((p) => stanza(s.r, p, pool)).join("\n"));
}

async function base(w: LayerWriter, s: State): Promise<void> {
  await w.file("etc/os-release", OS_RELEASE);
  await w.symlink("usr/lib/os-release", "../../etc/os-release");
  for (let i = 0; i < 2400; i++) s.debs.push(debPackage(s.r, i));
  for (const p of s.debs) await writeDebPackage(w, s.r, p, s.content);
  await writeStatus(w, s);
  for (let i = 0; i < 150; i++) await w.file(`var/cache/apt/archives/${s.debs[i]!.name}_${s.debs[i]!.version}_amd64.deb`, s.content(s.r, int(s.r, 20_000, 200_000), false));
  for (let i = 0; i < 20; i++) await w.file(`var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.${i}`, s.content(s.r, 1_000_000, true));
}

/** apt-get upgrade: 600 packages at new versions, their files rewritten; apt lists cleaned. */
async function upgrade(w: LayerWriter, s: State): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const at = int(s.r, 0, s.debs.length - 1);
    const p = s.debs[at]!;
    const next = { ...p, version: `${p.version}.1` };
    s.debs[at] = next;
    await writeDebPackage(w, s.r, next, s.content);
  }
  await writeStatus(w, s);
  await w.opaque("var/lib/apt/lists");
}

async function aptInstall(w: LayerWriter, s: State, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const p = debPackage(s.r, s.debs.length + 10_000);
    s.debs.push(p);
    await writeDebPackage(w, s.r, p, s.content);
  }
  await writeStatus(w, s);
}

async function entries(w: LayerWriter, list: readonly { path: string; content?: string | Buffer }[]): Promise<void> {
  for (const e of list) await w.file(e.path, e.content ?? "");
}

/** An application layer of `count` files; some rewrite, some delete files of earlier application layers. */
async function appLayer(w: LayerWriter, s: State, n: number, count: number): Promise<void> {
  const mine: string[] = [];
  for (let i = 0; i < count; i++) {
    const isText = s.r() < 0.6;
    const dir = `app/${pick(s.r, ["src", "static", "lib", "vendor", "assets"])}/m${n}/${uniqueWord(int(s.r, 0, 60), 2)}`;
    const path = `${dir}/${uniqueWord(i, 3)}.${pick(s.r, isText ? TEXT_EXT : DATA_EXT)}`;
    await w.file(path, s.content(s.r, isText ? int(s.r, 200, 12_000) : int(s.r, 1_000, 40_000), isText));
    mine.push(path);
  }
  const earlier = s.fillerFiles;
  if (earlier.length > 0 && n % 3 === 0) {
    const from = pick(s.r, earlier);
    for (let i = 0; i < 500; i++) {
      const path = pick(s.r, from);
      await w.file(path, s.content(s.r, int(s.r, 200, 12_000), true));
    }
  }
  if (earlier.length > 0 && n % 4 === 1) {
    const from = pick(s.r, earlier);
    const gone = new Set<string>();
    for (let i = 0; i < 200; i++) gone.add(pick(s.r, from));
    for (const path of gone) await w.whiteout(path);
  }
  if (n === 20) await w.opaque("app/static/m14");
  s.fillerFiles.push(mine);
}

type Step = { createdBy: string; run: (w: LayerWriter, s: State) => Promise<void> };

function steps(): Step[] {
  const list: Step[] = [
    { createdBy: "ADD rootfs.tar.xz / # debian:bookworm", run: base },
    { createdBy: "RUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*", run: upgrade },
  ];
  for (let i = 0; i < 6; i++) {
    list.push({
      createdBy: `RUN apt-get install -y group${i} # 150 packages`,
      run: async (w, s) => {
        await aptInstall(w, s, 150);
        if (i === 2) await w.whiteout("var/cache/apt/archives");
      },
    });
  }
  list.push({
    createdBy: "RUN pip install -r requirements.txt",
    run: async (w, s) => {
      const site = sitePackages(s.r, s.text, 1500);
      s.pipDists = [...new Set(site.entries.map((e) => /^(.*\.dist-info)\//.exec(e.path)?.[1]).filter((d): d is string => d !== undefined))];
      await entries(w, site.entries);
    },
  });
  list.push({
    createdBy: "RUN pip uninstall -y (100 packages)",
    run: async (w, s) => {
      for (const d of s.pipDists.filter((_, i) => i % 15 === 7)) await w.whiteout(d);
    },
  });
  list.push({
    createdBy: "COPY package*.json ./ && RUN npm ci",
    run: async (w, s) => {
      const tree = npmTree(s.r, s.text, 10_000).entries;
      s.npmPackageJsons = tree.map((e) => e.path).filter((p) => /node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(p));
      await entries(w, tree);
    },
  });
  list.push({
    createdBy: "RUN npm prune --omit=dev",
    run: async (w, s) => {
      const top = s.npmPackageJsons.filter((p) => /^app\/node_modules\/[^/@]+\/package\.json$/.test(p)).filter((_, i) => i % 35 === 3);
      for (const p of top) await w.whiteout(p.slice(0, -"/package.json".length));
    },
  });
  list.push({
    createdBy: "COPY services /opt/services # buildkit",
    run: async (w, s) => {
      const jars = fatJars(s.r, s.text, 20, 200);
      s.maven = jars.packages;
      await entries(w, jars.entries);
    },
  });
  for (let n = 0; n < 27; n++) list.push({ createdBy: `COPY app/part${n} /app # buildkit`, run: (w, s) => appLayer(w, s, n, 3_800) });
  list.push({ createdBy: "RUN apt-get install -y late # 50 packages", run: (w, s) => aptInstall(w, s, 50) });
  list.push({
    createdBy: "RUN rm -rf /usr/share/doc/lib* /var/lib/apt/lists /tmp/*",
    run: async (w, s) => {
      for (const p of s.debs.slice(0, 300)) await w.whiteout(`usr/share/doc/${p.name}/changelog.Debian.gz`);
      await w.whiteout("var/lib/apt/lists");
    },
  });
  return list;
}

async function generate(archive: string, work: string, log: (m: string) => void): Promise<BigImage> {
  const r = rng(20261207);
  const text = corpus(r, 8 * 1024 * 1024);
  const s: State = { r, text, content: contentFrom(text, r), debs: [], fillerFiles: [], pipDists: [], npmPackageJsons: [], maven: 0 };
  const layout = join(work, "layout");
  rmSync(layout, { recursive: true, force: true });
  const blobs = layoutBlobs(layout);
  const written: WrittenLayer[] = [];
  const img: BigImage = { archive, layers: 0, files: 0, bytes: 0, whiteouts: 0, compressedBytes: 0, expected: { deb: 0, npm: 0, pypi: 0, maven: 0 } };
  const all = steps();
  for (const [i, step] of all.entries()) {
    const w = new LayerWriter(join(blobs, `layer${i}.partial`), step.createdBy);
    await step.run(w, s);
    const l = await w.finish(blobs);
    written.push(l);
    img.files += w.files;
    img.bytes += w.bytes;
    img.whiteouts += w.whiteouts;
    img.compressedBytes += l.size;
    log(`layer ${i + 1}/${all.length}: ${w.files} files, ${Math.round(w.bytes / 1e6)} MB (${Math.round(l.size / 1e6)} MB gzip), ${w.whiteouts} whiteouts — ${step.createdBy}`);
  }
  img.layers = written.length;
  img.expected.deb = s.debs.length;
  img.expected.maven = s.maven;
  img.expected.pypi = s.pipDists.filter((_, i) => i % 15 !== 7).length;
  const pruned = s.npmPackageJsons.filter((p) => /^app\/node_modules\/[^/@]+\/package\.json$/.test(p)).filter((_, i) => i % 35 === 3).map((p) => p.slice(0, -"package.json".length));
  img.expected.npm = 1 + s.npmPackageJsons.filter((p) => !pruned.some((d) => p.startsWith(d))).length;
  finishArchive(layout, written, "big-bench", archive);
  return img;
}

/** The cached image, or a freshly generated one (a few minutes; about 1 GB of disk for the archive). */
export async function bigImage(tmpDir: string, log: (m: string) => void): Promise<BigImage> {
  const dir = benchCacheDir(tmpDir);
  const name = `big-image-v${GENERATOR_VERSION}`;
  const archive = join(dir, `${name}.oci-archive.tar`);
  const facts = `${archive}.json`;
  if (existsSync(archive) && existsSync(facts)) return JSON.parse(readFileSync(facts, "utf8")) as BigImage;
  for (const old of readdirSync(dir)) if (old.startsWith("big-image-")) rmSync(join(dir, old), { recursive: true, force: true });
  log(`generating the big image into ${dir}`);
  const work = join(dir, `${name}.work`);
  try {
    const img = await generate(archive, work, log);
    img.compressedBytes = statSync(archive).size;
    writeFileSync(facts, JSON.stringify(img, null, 2));
    return img;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `node --import tsx bench/big-image.ts` generates (or finds) the image and prints its facts.
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const img = await bigImage("/tmp", (m) => console.error(m));
  console.log(JSON.stringify(img, null, 2));
}
