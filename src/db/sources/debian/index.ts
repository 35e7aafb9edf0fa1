/** The `debian` feed: Debian security tracker JSON + DSA/DLA lists. */
import { z } from "zod";
import type { AffectedPackage, AffectedStatus, VulnerabilityRecord } from "../../model.js";
import { debianRelease } from "../../../distro/debian/release.js";
import { ownValue } from "../../../util/own.js";
import { MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { DEBIAN_TRACKER_URL, fetchDebian, type DebianRaw } from "./fetch.js";
import { safeParse } from "../../../util/schema.js";

const release = z.object({
  status: z.enum(["resolved", "open", "undetermined"]),
  fixed_version: z.string().optional(),
  urgency: z.string().optional(),
  nodsa: z.string().optional(),
  nodsa_reason: z.string().optional(),
  repositories: z.record(z.string(), z.string()).optional(),
});

const entry = z.object({
  description: z.string().optional(),
  scope: z.string().optional(),
  debianbug: z.number().optional(),
  // The tracker writes an empty object as `[]` (PHP-style) for entries without releases.
  releases: z.preprocess((v) => (Array.isArray(v) && v.length === 0 ? {} : v), z.record(z.string(), release)),
});

type Release = z.infer<typeof release>;

function status(r: Release): AffectedStatus {
  if (r.status === "resolved") return r.fixed_version === "0" ? "not_affected" : "fixed";
  if (r.nodsa_reason === "ignored") return "will_not_fix";
  if (r.nodsa_reason === "postponed") return "fix_deferred";
  return "affected";
}

function row(d: DebianRaw, codename: string, r: Release): AffectedPackage {
  const st = status(r);
  const fixed = st === "fixed" && r.fixed_version ? [r.fixed_version] : [];
  const out: AffectedPackage = {
    vulnerabilityId: d.cve, source: "debian", namespace: `debian:${debianRelease(codename)}`, packageName: d.pkg,
    status: st,
    ranges: st === "not_affected" ? [] : [{ type: "ecosystem", scheme: "deb", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
    versions: [], fixedVersions: fixed,
  };
  // `**` marks an urgency not yet reviewed by the Debian security team.
  if (r.urgency) out.urgency = r.urgency.replace(/\*+$/, "");
  const notes = [r.nodsa ? `no-dsa: ${r.nodsa}` : "", r.nodsa_reason ?? "", r.status === "undetermined" ? "undetermined" : ""].filter(Boolean);
  if (notes.length > 0) out.notes = notes;
  const adv = ownValue(d.advisories, codename);
  if (adv) out.advisories = adv;
  return out;
}

function transformDebian(raw: RawRecord): ReturnType<FeedSource["transform"]> {
  if (raw.error) throw new MalformedRecord(raw.error);
  const d = raw.data as DebianRaw;
  const parsed = safeParse(entry, d.entry);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new MalformedRecord(`not a tracker entry: ${i?.path.join(".") ?? ""} ${i?.message ?? ""}`);
  }
  const affected = Object.entries(parsed.data.releases).map(([codename, r]) => row(d, codename, r));
  const vulns: VulnerabilityRecord[] = [];
  if (parsed.data.description) {
    vulns.push({ id: d.cve, source: "debian", aliases: [], related: [], description: parsed.data.description, severities: [], cwes: [], references: [] });
  }
  return { vulnerabilities: vulns, affected };
}

export const debianSource: FeedSource = {
  name: "debian",
  defaultLocation: DEBIAN_TRACKER_URL,
  description: "Debian security tracker JSON (per source package and release) + DSA/DLA lists",
  fetch: fetchDebian,
  transform: transformDebian,
};
