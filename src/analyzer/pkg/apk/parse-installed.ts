/**
 * apk's installed database (/lib/apk/db/installed): records separated by blank lines, one `X:value` line
 * per field. P name, V version, A arch, o origin (source package), L licence, m maintainer, D depends,
 * F directory + R file (owned files). Pure and defensive: bad records are skipped with a warning.
 */
import type { Package } from "../../../model/package.js";
import { apkPurl } from "../../../purl/index.js";

export const APK_INSTALLED = "/lib/apk/db/installed";
/** apk-tools 3 keeps its database under /usr (with /lib/apk a symlink on merged systems). */
export const APK_INSTALLED_PATHS: readonly string[] = [APK_INSTALLED, "/usr/lib/apk/db/installed"];
const MAX_WARNINGS = 20;

export interface ApkParse {
  packages: Package[];
  warnings: string[];
}

interface Record_ {
  line: number;
  fields: Map<string, string>;
  files: string[];
  dir: string;
}

export function parseApkInstalled(content: Buffer, path: string): ApkParse {
  const warnings: string[] = [];
  const packages: Package[] = [];
  let bad = 0;
  const note = (msg: string) => {
    if (bad++ < MAX_WARNINGS) warnings.push(`${path}: ${msg}`);
  };
  for (const rec of records(content.toString("utf8"), note)) {
    const pkg = toPackage(rec, path);
    if (typeof pkg === "string") note(`line ${rec.line}: ${pkg}`);
    else packages.push(pkg);
  }
  if (bad > MAX_WARNINGS) warnings.push(`${path}: ${bad - MAX_WARNINGS} more problems`);
  return { packages, warnings };
}

function* records(text: string, note: (msg: string) => void): Generator<Record_> {
  let rec: Record_ | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    if (line === "") {
      if (rec) yield rec;
      rec = undefined;
      continue;
    }
    rec ??= { line: i + 1, fields: new Map(), files: [], dir: "" };
    if (line.length < 2 || line[1] !== ":") {
      note(`line ${i + 1}: not a "X:value" line`);
      continue;
    }
    const key = line[0] as string;
    const value = line.slice(2);
    if (key === "F") rec.dir = value.replace(/^\/+|\/+$/g, "");
    else if (key === "R") rec.files.push(rec.dir ? `/${rec.dir}/${value}` : `/${value}`);
    else if (!rec.fields.has(key)) rec.fields.set(key, value);
  }
  if (rec) yield rec;
}

function toPackage(rec: Record_, path: string): Package | string {
  const f = rec.fields;
  const name = f.get("P");
  const version = f.get("V");
  if (!name) return "record without a P: (name) line skipped";
  if (!version) return `package ${name} has no V: (version), skipped`;
  const pkg: Package = { type: "apk", name, version, purl: "", locations: [{ path }] };
  const arch = f.get("A");
  if (arch) pkg.arch = arch;
  pkg.source = { name: f.get("o") || name, version };
  const license = f.get("L");
  if (license) pkg.licenses = [license];
  const maintainer = f.get("m");
  if (maintainer) pkg.maintainer = maintainer;
  const deps = dependencyNames(f.get("D"));
  if (deps.length > 0) pkg.dependsOn = deps;
  if (rec.files.length > 0) pkg.files = rec.files;
  pkg.purl = apkPurl(pkg);
  return pkg;
}

/** `so:libc.musl-x86_64.so.1 musl>=1.2 !foo` → `so:libc.musl-x86_64.so.1`, `musl` (conflicts dropped). */
export function dependencyNames(field: string | undefined): string[] {
  if (!field) return [];
  const out: string[] = [];
  for (const token of field.split(/\s+/)) {
    if (token === "" || token.startsWith("!")) continue;
    const name = token.split(/[<>=~]/)[0];
    if (name) out.push(name);
  }
  return [...new Set(out)];
}
