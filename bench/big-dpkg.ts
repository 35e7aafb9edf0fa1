/**
 * Debian packages for the big image: status stanzas, DEP-5 copyright files, .list and .md5sums files, and
 * each package's own files (shared libraries, some executables, data under /usr/share).
 */
import { createHash } from "node:crypto";
import { int, pick, uniqueWord, type Rand } from "./lang-gen.js";
import type { LayerWriter } from "./big-writer.js";

export interface DebPackage {
  name: string;
  version: string;
  source?: string;
  files: { path: string; size: number; exec: boolean; text: boolean }[];
}

const SECTIONS = ["libs", "utils", "admin", "devel", "net", "python", "perl", "text", "misc"];
const LICENSES = ["GPL-2+", "LGPL-2.1+", "BSD-3-clause", "MIT", "Expat", "Apache-2.0", "GPL-3+"];

export function debPackage(r: Rand, index: number): DebPackage {
  const stem = uniqueWord(index, 3);
  const lib = r() < 0.55;
  const name = lib ? `lib${stem}${int(r, 0, 9)}` : stem;
  const version = `${int(r, 0, 9)}.${int(r, 0, 30)}.${int(r, 0, 20)}-${int(r, 1, 5)}${r() < 0.2 ? "+deb12u1" : ""}`;
  const files: DebPackage["files"] = [];
  for (let i = int(r, 1, 4); i > 0; i--) files.push({ path: `usr/lib/x86_64-linux-gnu/${stem}/${uniqueWord(i, 2)}.so.${int(r, 0, 6)}`, size: int(r, 4_000, 220_000), exec: false, text: false });
  if (r() < 0.15) files.push({ path: `usr/bin/${stem}`, size: int(r, 64_000, 900_000), exec: true, text: false });
  for (let i = int(r, 0, 4); i > 0; i--) files.push({ path: `usr/share/${stem}/${uniqueWord(i, 2)}.${pick(r, ["txt", "conf", "xml", "py", "pl"])}`, size: int(r, 300, 24_000), exec: false, text: true });
  return { name, version, ...(r() < 0.3 ? { source: `${stem}-src` } : {}), files };
}

export function stanza(r: Rand, p: DebPackage, pool: readonly DebPackage[]): string {
  const deps = Array.from({ length: int(r, 0, 5) }, () => pick(r, pool).name);
  const lines = [
    `Package: ${p.name}`,
    "Status: install ok installed",
    `Priority: ${pick(r, ["optional", "important", "required"])}`,
    `Section: ${pick(r, SECTIONS)}`,
    `Installed-Size: ${Math.ceil(p.files.reduce((n, f) => n + f.size, 0) / 1024)}`,
    "Maintainer: Debian Developers <debian-devel@lists.debian.org>",
    "Architecture: amd64",
    ...(p.name.startsWith("lib") ? ["Multi-Arch: same"] : []),
    ...(p.source ? [`Source: ${p.source}`] : []),
    `Version: ${p.version}`,
    ...(deps.length > 0 ? [`Depends: ${[...new Set(deps)].map((d) => `${d} (>= 1.0)`).join(", ")}`] : []),
    `Description: ${p.name} runtime files`,
    ` The ${p.name} package provides the files ${p.name} needs at run time.`,
    " .",
    " This is a generated package of the Dredge benchmark image.",
  ];
  return lines.join("\n") + "\n";
}

export function copyright(r: Rand, p: DebPackage): string {
  const license = pick(r, LICENSES);
  return [
    "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/",
    `Upstream-Name: ${p.name}`,
    `Source: https://example.org/${p.name}`,
    "",
    "Files: *",
    `Copyright: 2001-2024 The ${p.name} authors`,
    `License: ${license}`,
    "",
    "Files: debian/*",
    "Copyright: 2010-2024 Debian Developers",
    `License: ${license}`,
    "",
    `License: ${license}`,
    ` The full text of the ${license} licence is in /usr/share/common-licenses.`,
    "",
  ].join("\n");
}

export type Content = (r: Rand, size: number, text: boolean) => Buffer;

/** The package's files, copyright, changelog, .list and .md5sums (the status file is written by the caller). */
export async function writeDebPackage(w: LayerWriter, r: Rand, p: DebPackage, content: Content): Promise<void> {
  const sums: string[] = [];
  const doc = `usr/share/doc/${p.name}`;
  const add = async (path: string, body: Buffer, exec = false) => {
    await w.file(path, body, exec ? 0o755 : 0o644);
    sums.push(`${createHash("md5").update(body).digest("hex")}  ${path}`);
  };
  for (const f of p.files) await add(f.path, content(r, f.size, f.text), f.exec);
  await add(`${doc}/copyright`, Buffer.from(copyright(r, p)));
  await add(`${doc}/changelog.Debian.gz`, content(r, int(r, 600, 6_000), false));
  const listed = ["/.", ...new Set([...p.files.map((f) => `/${f.path}`), `/${doc}/copyright`, `/${doc}/changelog.Debian.gz`])];
  const arch = p.name.startsWith("lib") ? ":amd64" : "";
  await w.file(`var/lib/dpkg/info/${p.name}${arch}.list`, listed.join("\n") + "\n");
  await w.file(`var/lib/dpkg/info/${p.name}${arch}.md5sums`, sums.join("\n") + "\n");
}
