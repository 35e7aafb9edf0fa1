/**
 * The one ecosystem map: each ecosystem's OSV name, other names, database namespace and version scheme.
 * Languages are listed in ./languages.ts; distributions come from their folders (src/distro/<name>/,
 * `ecosystems`, with the distro's scheme). `versioning.schemeIdForEcosystem`, the database's namespaces
 * (db/namespace.ts), the OSV feed's default ecosystems, shards and the language matcher all read it.
 */
import { distros } from "../distro/registry.js";
import type { SchemeId } from "../versioning/types.js";
import { languageEcosystems } from "./languages.js";
import type { Ecosystem } from "./types.js";

export type { Ecosystem } from "./types.js";

/** OSV ecosystems of distributions Dredge neither detects nor stores: only their scheme is known. */
const otherDistros: readonly Ecosystem[] = [
  { aliases: ["openeuler"], scheme: "rpm", distro: true },
  { aliases: ["minimos"], scheme: "apk", distro: true },
];

export const ecosystems: readonly Ecosystem[] = [
  ...languageEcosystems.map((e) => ({ ...e, distro: false })),
  ...distros.flatMap((d) => (d.ecosystems ?? []).map((e) => ({ ...e, scheme: d.scheme, distro: true }))),
  ...otherDistros,
];

const byOsv = new Map(ecosystems.flatMap((e) => (e.osv ? [[e.osv, e] as const] : [])));
const byNamespace = new Map(ecosystems.flatMap((e) => [e.namespace, ...(e.prefixes ?? [])].flatMap((n) => (n ? [[n, e] as const] : []))));

/** Lower-case names → scheme: OSV names, aliases, namespaces and, for distros, every name of their families. */
const schemeByName = new Map<string, SchemeId>();
const addName = (name: string, scheme: SchemeId): void => {
  if (!schemeByName.has(name.toLowerCase())) schemeByName.set(name.toLowerCase(), scheme);
};
for (const e of ecosystems) for (const n of [e.osv, e.namespace, ...(e.prefixes ?? []), ...(e.aliases ?? [])]) if (n) addName(n, e.scheme);
for (const d of distros) for (const f of d.families) for (const n of [f.id, ...f.osReleaseIds, ...(f.aliases ?? [])]) addName(n, d.scheme);

/** The ecosystem OSV calls `name` (exact: `PyPI`, `Rocky Linux`). */
export function osvEcosystem(name: string): Ecosystem | undefined {
  return byOsv.get(name);
}

/** The scheme for an OSV ecosystem such as `Debian:12`, `npm`, `PyPI`, `Alpine:v3.20` (or another name); generic otherwise. */
export function schemeIdForEcosystem(ecosystem: string): SchemeId {
  const base = ecosystem.split(":")[0]!.trim().toLowerCase();
  return schemeByName.get(base) ?? "generic";
}

/** The scheme of a database namespace (`npm`, `debian:12`, `ubuntu-pro:16.04`); undefined when unknown. */
export function namespaceScheme(namespace: string): SchemeId | undefined {
  return byNamespace.get(namespace.split(":")[0] ?? namespace)?.scheme;
}

/** Shard group of a namespace prefix: the ecosystem's namespace (`ubuntu-pro` → `ubuntu`), else the prefix itself. */
export function shardGroup(prefix: string): string {
  return byNamespace.get(prefix)?.namespace ?? prefix;
}

/** OSV ecosystems whose records the database stores, in map order. */
export const storedOsvEcosystems: readonly string[] = ecosystems.flatMap((e) => (e.osv && e.namespace ? [e.osv] : []));

/** OSV ecosystems `dredge db build --source osv` fetches, in map order. */
export const fetchedOsvEcosystems: readonly string[] = ecosystems.flatMap((e) => (e.osv && e.namespace && e.fetch !== false ? [e.osv] : []));
