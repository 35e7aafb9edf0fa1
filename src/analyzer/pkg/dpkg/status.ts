/**
 * dpkg status databases: /var/lib/dpkg/status and distroless /var/lib/dpkg/status.d/<name>. Keeps what
 * `dpkg-query -W` shows with `db:Status-Abbrev` `ii` or `hi` (want install or hold, state installed); status.d stanzas
 * have no Status field and count as installed.
 */
import type { Package } from "../../../model/package.js";
import { debPurl } from "../../../purl/index.js";
import { detachString } from "../../../util/detach.js";
import { parseControl, type Stanza } from "./control.js";

const detach = (s: string | undefined): string | undefined => (s === undefined ? s : detachString(s));

export interface DpkgParse {
  packages: Package[];
  warnings: string[];
}

const MAX_STANZA_WARNINGS = 20;
/** Debian policy package names (dpkg also accepts upper case in old databases). */

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9+.\-_]*$/;

/** Parse one status (or status.d) file. `path` names the file in the packages' locations and in warnings. */
export function parseDpkgStatus(content: Buffer, path: string): DpkgParse {
  const text = content.toString("utf8");
  const { stanzas, warnings: syntax } = parseControl(text);
  const warnings = syntax.map((w) => `${path}: ${w}`);
  const packages: Package[] = [];
  let skipped = 0;
  for (const stanza of stanzas) {
    const r = stanzaToPackage(stanza, path);
    if (typeof r !== "string") {
      if (r) packages.push(r);
    } else if (skipped++ < MAX_STANZA_WARNINGS) warnings.push(`${path}: line ${stanza.line}: ${r}`);
  }
  if (skipped > MAX_STANZA_WARNINGS) warnings.push(`${path}: ${skipped - MAX_STANZA_WARNINGS} more stanzas skipped`);
  // dpkg always ends /var/lib/dpkg/status with a newline; status.d files are often hand-written.
  if (path === "/var/lib/dpkg/status" && text.length > 0 && !text.endsWith("\n")) {
    warnings.push(`${path}: file does not end with a newline (truncated?)`);
  }
  return { packages, warnings };
}

/** A Package, undefined for a package that is not installed, or a warning text for an unusable stanza. */
function stanzaToPackage(stanza: Stanza, path: string): Package | undefined | string {
  // Detached copies of what is kept: slices of the status text would keep all of it (1.3 MB) alive.
  const f = { get: (key: string): string | undefined => detach(stanza.fields.get(key)) };
  const name = f.get("package");
  if (name === undefined) return "stanza without a Package field skipped";
  if (!NAME_RE.test(name)) return `invalid package name "${name.slice(0, 80)}" skipped`;
  const status = f.get("status");
  if (status !== undefined && !isInstalled(status)) return undefined;
  const version = f.get("version");
  if (!version) return `package ${name} has no Version, skipped`;
  const arch = f.get("architecture") || undefined;
  const source = parseSource(f.get("source"), name, version);
  const pkg: Package = { type: "deb", name, version, purl: "", source, locations: [{ path }] };
  if (arch) pkg.arch = arch;
  const maintainer = f.get("maintainer");
  if (maintainer) pkg.maintainer = maintainer;
  const deps = [...dependencyNames(f.get("pre-depends")), ...dependencyNames(f.get("depends"))];
  if (deps.length > 0) pkg.dependsOn = [...new Set(deps)];
  pkg.purl = debPurl(pkg);
  return pkg;
}

/**
 * `install ok installed` and `hold ok installed` (`apt-mark hold`: installed, pinned at its version) →
 * true; deinstall, purge, config-files, half-installed… → false.
 */
export function isInstalled(status: string): boolean {
  const [want, , state] = status.trim().split(/\s+/);
  return (want === "install" || want === "hold") && state === "installed";
}

/** `Source: openssl (3.0.15-1)` → openssl 3.0.15-1; `Source: openssl` → the binary version. */
export function parseSource(field: string | undefined, name: string, version: string): { name: string; version: string } {
  if (!field) return { name, version };
  const m = /^(\S+)(?:\s*\(([^)]*)\))?/.exec(field.trim());
  if (!m?.[1]) return { name, version };
  const v = m[2]?.trim();
  return { name: m[1], version: v ? v : version };
}

/** Package names of a Depends field: `libc6 (>= 2.34), debconf | debconf-2.0, python3:any` → all alternatives. */
export function dependencyNames(field: string | undefined): string[] {
  if (!field) return [];
  const out: string[] = [];
  for (const alt of field.split(/[,|]/)) {
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9+.-]*)/.exec(alt);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}
