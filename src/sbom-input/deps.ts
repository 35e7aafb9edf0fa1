/**
 * Dependency edges (CycloneDX `dependencies`, SPDX DEPENDS_ON / DEPENDENCY_OF) → Package.dependsOn (names).
 * Linear in the edges: a component may list 200,000 others.
 */
import type { Package } from "../model/package.js";
import { z } from "zod";
import type { ReadContext } from "./context.js";
import { safeParse } from "../util/schema.js";

const cdxDependency = z.object({ ref: z.string(), dependsOn: z.array(z.string()).catch([]).optional() });
const spdxRelationship = z.object({ spdxElementId: z.string(), relationshipType: z.string(), relatedSpdxElement: z.string() });

/** The names each package depends on, as a set per package while the edges are read. */
class Links {
  private readonly names = new Map<Package, Set<string>>();

  add(from: Package | undefined, to: Package | undefined): void {
    if (!from || !to || from === to) return;
    let set = this.names.get(from);
    if (!set) this.names.set(from, (set = new Set(from.dependsOn)));
    set.add(to.name);
  }

  /** Package.dependsOn in the order the names were first seen. */
  apply(): void {
    for (const [pkg, set] of this.names) pkg.dependsOn = [...set];
  }
}

/** `byRef`: bom-ref → package, for the components that became packages. */
export async function applyCdxDependencies(list: readonly unknown[], byRef: ReadonlyMap<string, Package>, ctx: ReadContext): Promise<void> {
  if (byRef.size === 0) return;
  const links = new Links();
  for (const raw of list) {
    await ctx.checkpoint.tick();
    const r = safeParse(cdxDependency, raw);
    if (!r.success) continue;
    const from = byRef.get(r.data.ref);
    if (!from) continue;
    for (const to of r.data.dependsOn ?? []) links.add(from, byRef.get(to));
  }
  links.apply();
}

/** `byId`: SPDXID → package. */
export async function applySpdxDependencies(list: readonly unknown[], byId: ReadonlyMap<string, Package>, ctx: ReadContext): Promise<void> {
  if (byId.size === 0) return;
  const links = new Links();
  for (const raw of list) {
    await ctx.checkpoint.tick();
    const r = safeParse(spdxRelationship, raw);
    if (!r.success) continue;
    const { spdxElementId: a, relationshipType: t, relatedSpdxElement: b } = r.data;
    if (t === "DEPENDS_ON") links.add(byId.get(a), byId.get(b));
    else if (t === "DEPENDENCY_OF") links.add(byId.get(b), byId.get(a));
  }
  links.apply();
}
