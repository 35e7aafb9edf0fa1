/**
 * mix.lock (Elixir): an Erlang-term map `%{"dep": {:hex, :package, "version", hash, managers, deps, repo,
 * hash}, …}`. Never evaluated: each `{:hex, :name, "version"` tuple is matched as text. `:git` and `:path`
 * dependencies have no Hex version and are skipped. The lockfile does not say which dependencies are direct.
 */
import type { Package } from "../../../model/package.js";
import { langPurl } from "../purl.js";
import type { ParseResult } from "../types.js";
import { dedupe, emptyResult } from "../types.js";

const HEX_ENTRY = /"([^"\n]{1,200})"\s*:\s*\{\s*:hex\s*,\s*:"?([A-Za-z0-9_]{1,100})"?\s*,\s*"([^"\n]{1,100})"/g;

export function hexPackage(name: string, version: string, path: string): Package {
  return { type: "hex", name, version, purl: langPurl("hex", undefined, name, version), locations: [{ path }] };
}

export function parseMixLock(content: Buffer, path: string): ParseResult {
  const text = content.toString("utf8").replace(/^\uFEFF/, "");
  const body = text.trim();
  if (body === "") return emptyResult();
  if (!body.startsWith("%{")) return emptyResult([`${path}: not a mix.lock map (does not start with "%{")`]);
  const out: Package[] = [];
  for (const m of text.matchAll(HEX_ENTRY)) {
    const [, , name, version] = m as unknown as [string, string, string, string];
    if (/^[0-9A-Za-z][0-9A-Za-z.+-]*$/.test(version)) out.push(hexPackage(name, version, path));
  }
  return { packages: dedupe(out), warnings: [] };
}
