/**
 * Language packages against OSV/GHSA ranges and version lists, per ecosystem. Dev-only packages are matched
 * like any other (reports and the gate leave their findings out unless --include-dev-deps: src/scan/filter.ts);
 * packages that do not come from the registry (`fromRegistry`) are not matched.
 */
import { normalizePackageName } from "../../db/namespace.js";
import { fromRegistry } from "../../model/classify.js";
import type { Matcher, RawMatch } from "../types.js";
import { safeAffects } from "../evaluate.js";
import { ecosystems } from "./ecosystems.js";

export const languageMatcher: Matcher = {
  id: "language",
  handles: (pkg) => ecosystems[pkg.type] !== undefined,
  match(pkg, ctx) {
    const eco = ecosystems[pkg.type];
    // Git checkouts, URL tarballs and local paths only share a name with the registry's package.
    if (!eco || !pkg.version || !fromRegistry(pkg)) return [];
    const name = normalizePackageName(eco.namespace, pkg.name);
    const installed = eco.version(pkg);
    const out: RawMatch[] = [];
    for (const record of ctx.store.lookup(eco.namespace, name)) {
      if (safeAffects(record, eco.scheme, installed, ctx.warn)) out.push({ pkg, record, scheme: eco.scheme, installed, distro: false });
    }
    return out;
  },
};
