/**
 * Coverage of a vulnerability scan (src/model/coverage.ts): the inventory's OS, language ecosystems and
 * runtimes, each with the database namespaces its matcher looks in and whether the database has one of
 * them. What was not checked — a distro without advisories (Amazon Linux), a release the database lacks
 * (Rocky 9 in an OSV-less build), a namespace left out by --db-namespaces, OS packages without a detected OS
 * — becomes a warning naming it: an empty report must never mean "not looked at".
 */
import { coversNamespaces, type NamespaceSelection } from "../db/distribution/update.js";
import { CPE_NAMESPACE } from "../db/namespace.js";
import { distroFor } from "../matcher/distro/index.js";
import { ecosystems } from "../matcher/language/ecosystems.js";
import { runtimeMatcher } from "../matcher/runtime/matcher.js";
import { isOsPackage } from "../model/classify.js";
import type { CoverageEntry, CoverageKind } from "../model/coverage.js";
import type { Inventory } from "../model/inventory.js";
import type { OSInfo, Package, PackageClass } from "../model/package.js";

/** What the database offers: its namespaces, and the selection it was pulled with. */
export interface CoverageSource {
  namespaces: ReadonlySet<string>;
  selection: NamespaceSelection;
}

interface Group {
  kind: CoverageKind;
  name: string;
  namespaces: string[];
  /** Set when no database could have covered it (no distro data, OS not detected). */
  unsupported?: string;
  packages: number;
}

const kindOrder: readonly CoverageKind[] = ["os", "ecosystem", "runtime"];

/** One entry per OS / ecosystem / runtimes of the inventory's packages of `classes`, OS first. */
export function coverageOf(inv: Inventory, source: CoverageSource, classes: readonly PackageClass[]): CoverageEntry[] {
  const groups = new Map<string, Group>();
  for (const pkg of inv.packages) {
    if (!classes.includes(isOsPackage(pkg) ? "os" : "library")) continue;
    const g = groupOf(pkg, inv.os);
    if (!g) continue;
    const key = `${g.kind}\u0000${g.name}`;
    const seen = groups.get(key);
    if (seen) seen.packages++;
    else groups.set(key, { ...g, packages: 1 });
  }
  const sorted = [...groups.values()].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted.map((g) => entryOf(g, source));
}

/** The warning of an entry not checked, one line naming it (`os`: the detected OS); undefined when checked. */
export function coverageWarning(e: CoverageEntry, os: OSInfo | undefined): string | undefined {
  if (e.checked) return undefined;
  const n = e.packages;
  const s = n === 1 ? "" : "s";
  const what =
    e.kind === "runtime" ? `${n} runtime${s}`
    : e.kind === "ecosystem" ? `${n} ${e.name} package${s}`
    : os ? `${n} package${s} of ${os.prettyName ?? e.name}`
    : `${n} OS package${s}`;
  return `not checked for vulnerabilities: ${what}: ${e.reason ?? "no data"}`;
}

function entryOf(g: Group, source: CoverageSource): CoverageEntry {
  const base = { kind: g.kind, name: g.name, namespaces: g.namespaces, packages: g.packages };
  if (g.unsupported) return { ...base, checked: false, reason: g.unsupported };
  if (g.namespaces.some((n) => source.namespaces.has(n))) return { ...base, checked: true };
  const leftOut = !coversNamespaces(source.selection, g.namespaces);
  const why = leftOut ? " (left out by --db-namespaces)" : g.kind === "runtime" ? " (NVD's CPE rows: build with the nvd source)" : "";
  return { ...base, checked: false, reason: `the vulnerability database has no data for ${g.namespaces.join(", ")}${why}` };
}

type GroupKey = Omit<Group, "packages">;

function groupOf(pkg: Package, os: OSInfo | undefined): GroupKey | undefined {
  if (isOsPackage(pkg)) return osGroup(pkg, os);
  const eco = ecosystems[pkg.type];
  if (eco) return { kind: "ecosystem", name: eco.namespace, namespaces: [eco.namespace] };
  if (runtimeMatcher.handles(pkg, os)) return { kind: "runtime", name: "runtimes", namespaces: [CPE_NAMESPACE] };
  return undefined;
}

function osGroup(pkg: Package, os: OSInfo | undefined): GroupKey | undefined {
  if (!os) {
    return { kind: "os", name: "unknown", namespaces: [], unsupported: "no OS was detected (no os-release or release file)" };
  }
  const name = `${os.family} ${os.name}`;
  const distro = distroFor(os);
  if (!distro) return { kind: "os", name, namespaces: [], unsupported: `Dredge has no vulnerability data for ${os.family}` };
  // Packages of another format than the distro's (an apk database in a Debian image) are not the OS's.
  if (distro.packageType !== pkg.type) return undefined;
  return { kind: "os", name, namespaces: distro.namespaces(os) };
}
