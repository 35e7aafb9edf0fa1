/** The `osv` feed: OSV per-ecosystem exports, language and distro ecosystems alike. */
import type { FeedSource } from "../types.js";
import { fetchOsvZips, OSV_DEFAULT_BASE, OSV_DEFAULT_ECOSYSTEMS, readOsvLocal } from "./fetch.js";
import { transformOsv } from "./transform.js";

export const osvSource: FeedSource = {
  name: "osv",
  defaultLocation: OSV_DEFAULT_BASE,
  description: "OSV exports (all.zip per ecosystem): npm, PyPI, Maven, Go, crates.io, RubyGems, … and distro ecosystems",
  fetch(ctx) {
    if (ctx.local) return readOsvLocal(ctx.location);
    return fetchOsvZips(ctx, ctx.selector ? [ctx.selector] : OSV_DEFAULT_ECOSYSTEMS);
  },
  transform(raw) {
    return transformOsv(raw, "osv");
  },
};
