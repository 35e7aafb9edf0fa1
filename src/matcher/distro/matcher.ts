/** One matcher for every distro in ./index.ts: vendor data by (distro release, package name). */
import { isOsPackage } from "../../model/classify.js";
import type { Matcher, RawMatch } from "../types.js";
import { safeAffects } from "../evaluate.js";
import { distroFor } from "./index.js";
import { pushAll } from "../../util/array.js";

export const distroMatcher: Matcher = {
  id: "distro",
  handles: (pkg, os) => isOsPackage(pkg) && distroFor(os)?.packageType === pkg.type,
  match(pkg, ctx) {
    const spec = distroFor(ctx.os);
    if (!spec || !ctx.os) return [];
    if (spec.vendor && pkg.vendor && !spec.vendor.test(pkg.vendor)) return []; // built by someone else
    const installed = spec.version(pkg);
    const out: RawMatch[] = [];
    for (const namespace of spec.namespaces(ctx.os)) {
      for (const name of spec.names(pkg)) {
        for (const stored of ctx.store.lookup(namespace, name)) {
          if (stored.packageName !== name) continue;
          const record = spec.narrow ? spec.narrow(stored, pkg) : stored;
          if (!record) continue;
          if (record.binaries?.length && !record.binaries.includes(pkg.name)) continue;
          if (safeAffects(record, spec.scheme, installed, ctx.warn)) out.push({ pkg, record, scheme: spec.scheme, installed, distro: true });
        }
      }
    }
    return preferVendor(out, spec.vendorSources);
  },
};

/**
 * When the distro's own feed and an OSV copy both speak of a vulnerability, keep the vendor's verdict: the
 * rows of the first of `vendorSources` that has any (Ubuntu: the CVE tracker, then Ubuntu's OSV).
 */
function preferVendor(matches: RawMatch[], vendorSources: readonly string[]): RawMatch[] {
  const byVuln = new Map<string, RawMatch[]>();
  for (const m of matches) byVuln.set(m.record.vulnerabilityId, [...(byVuln.get(m.record.vulnerabilityId) ?? []), m]);
  const out: RawMatch[] = [];
  for (const list of byVuln.values()) {
    const source = vendorSources.find((s) => list.some((m) => m.record.source === s));
    pushAll(out, source ? list.filter((m) => m.record.source === source) : list);
  }
  return out;
}
