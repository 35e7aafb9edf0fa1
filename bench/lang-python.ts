/**
 * A generated site-packages: `count` wheels installed by pip, each a module directory and a
 * `<name>-<version>.dist-info` with METADATA (core metadata 2.1 headers + long description), RECORD (real
 * sha256 and sizes), WHEEL, INSTALLER and top_level.txt.
 */
import type { LayerEntry } from "../test/helpers/oci-writer.js";
import { int, LICENSES, pick, recordHash, semver, slice, uniqueWord, type Rand } from "./lang-gen.js";

export interface SitePackages {
  entries: LayerEntry[];
  packages: number;
}

const SITE = "usr/local/lib/python3.12/site-packages";

function metadata(r: Rand, name: string, version: string, text: Buffer): string {
  const license = pick(r, LICENSES);
  const lines = [
    "Metadata-Version: 2.1",
    `Name: ${name}`,
    `Version: ${version}`,
    `Summary: ${name} utilities`,
    `Home-page: https://github.com/example/${name.toLowerCase()}`,
    "Author: Example Developers",
    "Author-email: dev@example.org",
    r() < 0.4 ? `License: ${license}` : `Classifier: License :: OSI Approved :: ${license} License`,
    "Classifier: Programming Language :: Python :: 3",
    "Classifier: Operating System :: OS Independent",
    `Requires-Python: >=3.${int(r, 7, 10)}`,
  ];
  for (let i = int(r, 0, 6); i > 0; i--) lines.push(`Requires-Dist: ${uniqueWord(int(r, 0, 999))}>=${int(r, 0, 5)}.${int(r, 0, 9)}`);
  lines.push("Description-Content-Type: text/markdown", "", `# ${name}`, "", slice(r, text, 500, 6000).toString("latin1"), "");
  return lines.join("\n");
}

function distribution(r: Rand, index: number, text: Buffer): LayerEntry[] {
  const word = uniqueWord(index + 20_000);
  const name = r() < 0.2 ? `${word[0]!.toUpperCase()}${word.slice(1)}` : r() < 0.3 ? `${word}-${uniqueWord(index, 1)}` : word;
  const version = r() < 0.15 ? `${semver(r)}.post${int(r, 1, 3)}` : semver(r);
  const dist = `${name.replace(/-/g, "_")}-${version}.dist-info`;
  const mod = word;
  const files: [string, Buffer][] = [[`${mod}/__init__.py`, slice(r, text, 100, 2000)]];
  for (let i = int(r, 1, 6); i > 0; i--) files.push([`${mod}/${uniqueWord(i, 2)}.py`, slice(r, text, 500, 12_000)]);
  const meta: [string, Buffer][] = [
    [`${dist}/METADATA`, Buffer.from(metadata(r, name, version, text))],
    [`${dist}/WHEEL`, Buffer.from("Wheel-Version: 1.0\nGenerator: bdist_wheel (0.42.0)\nRoot-Is-Purelib: true\nTag: py3-none-any\n")],
    [`${dist}/INSTALLER`, Buffer.from("pip\n")],
    [`${dist}/top_level.txt`, Buffer.from(`${mod}\n`)],
  ];
  const record = [...files, ...meta].map(([p, b]) => `${p},${recordHash(b)},${b.length}`).concat(`${dist}/RECORD,,`, "").join("\n");
  return [...files, ...meta, [`${dist}/RECORD`, Buffer.from(record)] as [string, Buffer]].map(([p, content]) => ({ path: `${SITE}/${p}`, content }));
}

export function sitePackages(r: Rand, text: Buffer, count = 1000): SitePackages {
  const entries: LayerEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(...distribution(r, i, text));
  return { entries, packages: count };
}
