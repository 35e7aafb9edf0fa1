/** Dependency edges (CycloneDX `dependencies`, SPDX DEPENDS_ON / DEPENDENCY_OF) → Package.dependsOn (names). */
import type { Package } from "../model/package.js";
import { z } from "zod";

const cdxDependency = z.object({ ref: z.string(), dependsOn: z.array(z.string()).catch([]).optional() });
const spdxRelationship = z.object({ spdxElementId: z.string(), relationshipType: z.string(), relatedSpdxElement: z.string() });

function link(from: Package | undefined, to: Package | undefined): void {
  if (!from || !to || from === to) return;
  const list = (from.dependsOn ??= []);
  if (!list.includes(to.name)) list.push(to.name);
}

/** `byRef`: bom-ref → package, for the components that became packages. */
export function applyCdxDependencies(list: readonly unknown[], byRef: ReadonlyMap<string, Package>): void {
  if (byRef.size === 0) return;
  for (const raw of list) {
    const r = cdxDependency.safeParse(raw);
    if (!r.success) continue;
    const from = byRef.get(r.data.ref);
    for (const to of r.data.dependsOn ?? []) link(from, byRef.get(to));
  }
}

/** `byId`: SPDXID → package. */
export function applySpdxDependencies(list: readonly unknown[], byId: ReadonlyMap<string, Package>): void {
  if (byId.size === 0) return;
  for (const raw of list) {
    const r = spdxRelationship.safeParse(raw);
    if (!r.success) continue;
    const { spdxElementId: a, relationshipType: t, relatedSpdxElement: b } = r.data;
    if (t === "DEPENDS_ON") link(byId.get(a), byId.get(b));
    else if (t === "DEPENDENCY_OF") link(byId.get(b), byId.get(a));
  }
}
