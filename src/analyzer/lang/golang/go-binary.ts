/**
 * Go binaries → `stdlib` (from the Go version), the main module and every `dep` (a `=>` line replaces the
 * dependency before it). ELF only; binaries that merely look like Go binaries give a warning.
 */
import type { Package } from "../../../model/package.js";
import { isElf, parseElf, type Elf } from "../elf.js";
import type { ParseResult } from "../types.js";
import { emptyResult } from "../types.js";
import { BUILDINFO_MAGIC, decodeBuildInfo, type RawBuildInfo } from "./buildinfo.js";
import { goPackage } from "./package.js";
import { originQualifiers } from "../origin.js";

/** Finds the build info: the `.go.buildinfo` section, else the magic on a 16-byte boundary (stripped headers). */
function findBuildInfo(buf: Buffer, elf: Elf): Buffer | undefined {
  const sec = elf.section(".go.buildinfo");
  if (sec) return sec;
  for (let i = buf.indexOf(BUILDINFO_MAGIC); i >= 0; i = buf.indexOf(BUILDINFO_MAGIC, i + 1)) {
    if (i % 16 === 0) return buf.subarray(i, Math.min(buf.length, i + 64 * 1024));
  }
  return undefined;
}

/** `go1.21.5` → `1.21.5`; `go1.22.0 X:boringcrypto` → `1.22.0`; `devel …` → undefined. */
export function stdlibVersion(goVersion: string): string | undefined {
  const m = /^go(\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?)\b/.exec(goVersion.trim());
  return m?.[1];
}

/**
 * Parses the `mod`/`dep`/`=>` lines of the module info into packages. The main module is kept even when
 * built from a checkout (`(devel)`: empty version); dependencies without a version are dropped.
 */
export function modinfoPackages(info: RawBuildInfo, path: string): Package[] {
  const out: Package[] = [];
  const std = stdlibVersion(info.goVersion);
  if (std) out.push(goPackage("stdlib", std, path));
  let last: { module: string; version: string; main: boolean; local?: string } | undefined;
  const flush = (): void => {
    if (last && (last.main || last.version !== "")) {
      const local = last.local === undefined ? undefined : originQualifiers({ kind: "path", path: last.local });
      out.push(goPackage(last.module, last.version === "(devel)" ? "" : last.version, path, {}, local));
    }
    last = undefined;
  };
  for (const line of info.modinfo.split("\n")) {
    const [kind, module = "", version = ""] = line.split("\t");
    if (kind === "mod" || kind === "dep") {
      flush();
      if (module !== "") last = { module, version, main: kind === "mod" };
    } else if (kind === "=>" && last && module !== "" && version !== "") {
      last = { ...last, module, version };
    } else if (kind === "=>" && last && module !== "") {
      // A replacement by a local directory has no version: the module path and its required version, marked
      // as local (../origin.ts) so that the Go vulndb's records of the real module are not matched.
      last = { ...last, local: module };
    }
  }
  flush();
  return out;
}

export function parseGoBinary(content: Buffer, path: string): ParseResult {
  if (!isElf(content)) return emptyResult();
  let elf: Elf;
  try {
    elf = parseElf(content);
  } catch (err) {
    return content.includes(BUILDINFO_MAGIC) ? emptyResult([`${path}: unreadable ELF headers (${(err as Error).message})`]) : emptyResult();
  }
  const data = findBuildInfo(content, elf);
  if (!data) return emptyResult();
  try {
    const info = decodeBuildInfo(data, elf);
    return { packages: modinfoPackages(info, path), warnings: [] };
  } catch (err) {
    return emptyResult([`${path}: Go build info present but unreadable (${err instanceof Error ? err.message : String(err)})`]);
  }
}
