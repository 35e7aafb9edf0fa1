/** The `alpine` feed: Alpine secdb (secfixes per branch and repository). */
import { z } from "zod";
import type { AffectedPackage, SourceName } from "../../model.js";
import { alpineRelease } from "../../../distro/alpine/release.js";
import { emptyOutput, MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { ALPINE_URL, fetchAlpine, type AlpineRaw } from "./fetch.js";
import { safeParse } from "../../../util/schema.js";

const pkgSchema = z.object({
  pkg: z.object({
    name: z.string().min(1),
    // Real files hold `"7.4.0-r0": ""` (an empty YAML list) next to proper lists.
    secfixes: z.record(z.string(), z.union([z.array(z.union([z.string(), z.number()]).nullable()), z.string()]).nullable()).nullish(),
  }),
});

/** Ids in one secfixes string: several may share a line; `CVE_2019-1`/`CVE 2019-1` are repaired. */
export function secfixIds(text: string): string[] {
  const repaired = text.replace(/\bCVE[_ ](\d{4}-\d+)/gi, "CVE-$1");
  return repaired.split(/[\s,]+/).filter((t) => /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9][\w.:-]*$/.test(t));
}

/**
 * One secdb package entry → rows in `namespace` (Alpine, and the feeds in its shape: Wolfi, Chainguard).
 * Throws MalformedRecord when the entry is not a secdb package.
 */
export function secdbRows(pkg: unknown, namespace: string, source: SourceName): AffectedPackage[] {
  const parsed = safeParse(pkgSchema, pkg);
  if (!parsed.success) throw new MalformedRecord(`not a secdb package entry: ${parsed.error.issues[0]?.message ?? ""}`);
  const name = parsed.data.pkg.name;
  const rows = new Map<string, AffectedPackage>();
  for (const [version, ids] of Object.entries(parsed.data.pkg.secfixes ?? {})) {
    const notAffected = version.trim() === "0"; // Alpine's convention: never affected
    const tokens = typeof ids === "string" ? [ids] : (ids ?? []);
    for (const id of tokens.flatMap((t) => (t === null ? [] : secfixIds(String(t))))) {
      const prev = rows.get(id);
      if (prev) {
        if (!notAffected) {
          prev.fixedVersions.push(version);
          prev.ranges.push({ type: "ecosystem", scheme: "apk", events: [{ introduced: "0" }, { fixed: version }] });
        }
        continue;
      }
      rows.set(id, {
        vulnerabilityId: id, source, namespace, packageName: name,
        status: notAffected ? "not_affected" : "fixed",
        ranges: notAffected ? [] : [{ type: "ecosystem", scheme: "apk", events: [{ introduced: "0" }, { fixed: version }] }],
        versions: [], fixedVersions: notAffected ? [] : [version],
      });
    }
  }
  return [...rows.values()];
}

function transformAlpine(raw: RawRecord): ReturnType<FeedSource["transform"]> {
  if (raw.error) throw new MalformedRecord(raw.error);
  const { branch, pkg } = raw.data as AlpineRaw;
  return { ...emptyOutput(), affected: secdbRows(pkg, `alpine:${alpineRelease(branch)}`, "alpine") };
}

export const alpineSource: FeedSource = {
  name: "alpine",
  defaultLocation: ALPINE_URL,
  description: "Alpine secdb (secfixes per branch: main, community)",
  fetch: fetchAlpine,
  transform: transformAlpine,
};
