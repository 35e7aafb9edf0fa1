/**
 * Installed gems: `specifications/*.gemspec` (the Ruby source RubyGems writes at install time). The source
 * is never evaluated: `s.name = "…"`, `s.version = "…"` (with `.freeze`, `%q{}`, `Gem::Version.new`), licences,
 * and the `# stub:` header as a fallback.
 */
import type { ParseResult } from "../types.js";
import { emptyResult } from "../types.js";
import { gemPackage, isGemName, isGemVersion } from "./package.js";

export function isGemspecPath(path: string): boolean {
  return /\/specifications\/(default\/)?[^/]+\.gemspec$/.test(path);
}

/** One Ruby string literal at the start of `s`: "…", '…' or %q{…} / %Q{…}. */
const STRING = String.raw`(?:"([^"\\\n]*)"|'([^'\\\n]*)'|%[qQ]\{([^}\n]*)\}|%[qQ]<([^>\n]*)>)`;

function stringAssign(src: string, v: string, attr: string): string | undefined {
  const re = new RegExp(String.raw`^\s*${v}\.${attr}\s*=\s*(?:Gem::Version\.new\(\s*)?${STRING}`, "m");
  const m = re.exec(src);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
}

function listAssign(src: string, v: string): string[] | undefined {
  const one = stringAssign(src, v, "license");
  if (one) return [one];
  const m = new RegExp(String.raw`^\s*${v}\.licenses\s*=\s*\[([^\]\n]*)\]`, "m").exec(src);
  if (!m?.[1]) return undefined;
  const items = [...m[1].matchAll(new RegExp(STRING, "g"))].map((x) => x[1] ?? x[2] ?? x[3] ?? x[4] ?? "");
  const out = items.filter((s) => s !== "");
  return out.length > 0 ? out : undefined;
}

export function parseGemspec(content: Buffer, path: string): ParseResult {
  const src = content.toString("utf8");
  // The block variable goes into the patterns below: a long one would make them too large to compile.
  const block = /Gem::Specification\.new\s*(?:do|\{)\s*\|\s*([a-z_][a-z0-9_]{0,63})\s*\|/.exec(src);
  const v = block?.[1] ?? "s";
  const stub = /^# stub: (\S+) (\S+)/m.exec(src);
  const name = stringAssign(src, v, "name") ?? stub?.[1];
  const version = stringAssign(src, v, "version") ?? stub?.[2];
  if (!name || !version) return emptyResult([`${path}: gemspec without a literal name or version, skipped`]);
  if (!isGemName(name) || !isGemVersion(version)) return emptyResult([`${path}: invalid gem name or version, skipped`]);
  const licenses = listAssign(src, v);
  return { packages: [gemPackage(name, version, path, licenses ? { licenses } : {})], warnings: [] };
}
