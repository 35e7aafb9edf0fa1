/** Language packages against OSV/GHSA ranges and version lists, per ecosystem. */
import { normalizePackageName } from "../../db/namespace.js";
import type { Matcher, RawMatch } from "../types.js";
import { safeAffects } from "../evaluate.js";
import { ecosystems } from "./ecosystems.js";

export const languageMatcher: Matcher = {
  id: "language",
  handles: (pkg) => ecosystems[pkg.type] !== undefined,
  match(pkg, ctx) {
    const eco = ecosystems[pkg.type];
    if (!eco || !pkg.version) return [];
    const name = normalizePackageName(eco.namespace, pkg.name);
    const installed = eco.version(pkg);
    const out: RawMatch[] = [];
    for (const record of ctx.store.lookup(eco.namespace, name)) {
      if (safeAffects(record, eco.scheme, installed, ctx.warn)) out.push({ pkg, record, scheme: eco.scheme, installed, distro: false });
    }
    return out;
  },
};
