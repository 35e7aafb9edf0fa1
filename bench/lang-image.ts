/**
 * The generated image of the `lang` bench, as an OCI archive: layer 1 the OS release file and a
 * site-packages of 1,000 dist-infos, layer 2 an application with a 10,000-package node_modules, layer 3
 * 50 Spring-Boot fat jars. Deterministic; cached under /var/tmp/dredge-bench-cache (DREDGE_BENCH_CACHE), keyed
 * by a hash of the generator's sources, so a changed generator builds a new image (and the old one is removed).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeOciArchive } from "../test/helpers/oci-writer.js";
import { corpus, rng } from "./lang-gen.js";
import { fatJars } from "./lang-jars.js";
import { npmTree } from "./lang-npm.js";
import { sitePackages } from "./lang-python.js";
import { benchCacheDir } from "./cache-dir.js";

const here = import.meta.dirname;
const SOURCES = ["lang-gen.ts", "lang-image.ts", "lang-jars.ts", "lang-npm.ts", "lang-python.ts", "../src/analyzer/lang/java/test-zip.ts", "../test/helpers/oci-writer.ts"];

function generatorKey(): string {
  const h = createHash("sha256");
  for (const f of SOURCES) h.update(readFileSync(join(here, f)));
  return h.digest("hex").slice(0, 12);
}

export interface LangImage {
  archive: string;
  /** Packages the inventory must find, per type. */
  expected: { npm: number; pypi: number; maven: number };
  files: number;
  innerJars: number;
  bytes: number;
}

const OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n';

async function generate(file: string, log: (m: string) => void): Promise<LangImage> {
  const r = rng(20260505);
  const text = corpus(r);
  const py = sitePackages(r, text);
  const npm = npmTree(r, text);
  const jars = fatJars(r, text);
  const layers = [
    { entries: [{ path: "etc/os-release", content: OS_RELEASE }, ...py.entries], createdBy: "RUN pip install -r requirements.txt" },
    { entries: npm.entries, createdBy: "COPY app /app # buildkit" },
    { entries: jars.entries, createdBy: "COPY services /opt/services # buildkit" },
  ];
  const files = layers.reduce((n, l) => n + l.entries.length, 0);
  const bytes = layers.reduce((n, l) => n + l.entries.reduce((m, e) => m + Buffer.byteLength(e.content ?? ""), 0), 0);
  log(`generating: ${files} files, ${Math.round(bytes / 1e6)} MB (${npm.packages} npm, ${py.packages} pypi, ${jars.packages} maven in ${jars.innerJars} inner jars)`);
  await writeOciArchive(`${file}.partial`, { layers, refName: "lang-bench" });
  renameSync(`${file}.partial`, file);
  return { archive: file, expected: { npm: npm.packages, pypi: py.packages, maven: jars.packages }, files, innerJars: jars.innerJars, bytes };
}

/** The cached image, or a freshly generated one (about a minute). */
export async function langImage(tmpDir: string, log: (m: string) => void): Promise<LangImage> {
  const dir = benchCacheDir(tmpDir);
  const name = `lang-image-${generatorKey()}.oci-archive.tar`;
  const file = join(dir, name);
  const facts = `${file}.json`;
  if (existsSync(file) && existsSync(facts)) return JSON.parse(readFileSync(facts, "utf8")) as LangImage;
  for (const old of readdirSync(dir)) if (old.startsWith("lang-image-") && !old.startsWith(name)) rmSync(join(dir, old), { force: true });
  const img = await generate(file, log);
  writeFileSync(facts, JSON.stringify(img));
  return img;
}
