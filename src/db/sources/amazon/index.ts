/**
 * The `amazon` feed: ALAS (Amazon Linux Security Advisories) for Amazon Linux 1, 2, 2022 and 2023. Each
 * advisory lists the fixed build of every binary rpm; rows are per (CVE, package) in `amazon:<release>`,
 * fixed at the listed EVR (epochs are always stated upstream and kept). The advisory's severity is
 * lower-cased (AL2023 writes `Important`, AL1/AL2 `important`); the advisory itself is stored too, with
 * its CVEs as related ids.
 */
import type { AffectedPackage, FeedOutput, VulnerabilityRecord } from "../../model.js";
import { get as scheme } from "../../../versioning/index.js";
import { emptyOutput, MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { child, parseXml } from "../xml.js";
import { advisoryFromJson, advisoryFromXml, alasRelease, type AlasAdvisory, type AlasPackage } from "./advisory.js";
import { AMAZON_URL, fetchAmazon, type AmazonRaw } from "./fetch.js";

const rpm = scheme("rpm");
const evrOf = (p: AlasPackage): string => `${p.epoch || "0"}:${p.version}-${p.release}`;

/** The highest fixed EVR per package name (every arch lists the same build; debuginfo too). */
function fixedByName(packages: readonly AlasPackage[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of packages) {
    const evr = evrOf(p);
    const prev = out.get(p.name);
    if (!rpm.isValid(evr)) continue;
    if (prev === undefined || rpm.compare(evr, prev) > 0) out.set(p.name, evr);
  }
  return out;
}

function record(adv: AlasAdvisory, severity: string | undefined): VulnerabilityRecord {
  const rec: VulnerabilityRecord = {
    id: adv.id, source: "amazon", aliases: [], related: adv.cves,
    severities: severity ? [{ source: "amazon", type: "vendor", rating: severity }] : [],
    cwes: [], references: [{ url: `https://alas.aws.amazon.com/${alasPage(adv.id)}`, type: "ADVISORY" }, ...adv.references],
  };
  if (adv.title) rec.title = adv.title;
  if (adv.description) rec.description = adv.description;
  if (adv.issued) rec.published = adv.issued;
  if (adv.updated) rec.modified = adv.updated;
  return rec;
}

/** The advisory's page: `ALAS-2011-1.html`, `AL2/ALAS-2018-939.html` (the site drops the release from the id). */
function alasPage(id: string): string {
  const release = alasRelease(id);
  const dir = release === "1" || !release ? "" : release === "2" ? "AL2/" : `AL${release}/`;
  return `${dir}${id.replace(/^ALAS(2023|2022|2)(?=-)/, "ALAS")}.html`;
}

/**
 * Advisories of the Extras / topic repositories name their version line: `ALAS2KERNEL-5.15-…`,
 * `ALAS2NGINX1-…`, `ALAS2PYTHON3.8-…`. Their packages often share the core package's name (`kernel`), so
 * a fixed build on that line starts the range at the line (`introduced 0:5.15`): a 4.14 kernel is not
 * affected by a 5.15 advisory.
 */
export function extrasLine(id: string): string | undefined {
  return /^ALAS(?:2023|2022|2)?[A-Z][A-Z]*-?(\d+(?:\.\d+)*)-\d{4}-/.exec(id)?.[1];
}

function introducedFor(line: string | undefined, fixed: string): string {
  if (!line) return "0";
  const m = /^(\d+):(.*)$/.exec(fixed);
  const [epoch, version] = m ? [m[1]!, m[2]!] : ["0", fixed];
  return version === line || version.startsWith(`${line}.`) || version.startsWith(`${line}-`) ? `${epoch}:${line}` : "0";
}

export function alasRows(adv: AlasAdvisory, release: string): FeedOutput {
  const severity = adv.severity?.trim().toLowerCase() || undefined;
  const namespace = `amazon:${release}`;
  const ids = adv.cves.length ? adv.cves : [adv.id];
  const line = extrasLine(adv.id);
  const affected: AffectedPackage[] = [];
  for (const [name, fixed] of fixedByName(adv.packages)) {
    for (const id of ids) {
      affected.push({
        vulnerabilityId: id, source: "amazon", namespace, packageName: name, status: "fixed",
        ranges: [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: introducedFor(line, fixed) }, { fixed }] }],
        versions: [], fixedVersions: [fixed], advisories: [adv.id],
        ...(severity ? { severity } : {}),
      });
    }
  }
  return { ...emptyOutput(), vulnerabilities: [record(adv, severity)], affected };
}

function transformAmazon(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  const r = raw.data as AmazonRaw;
  const update = r.kind === "updateinfo" ? child(parseXml(String(r.data)), "update") : undefined;
  const adv = r.kind === "updateinfo" ? (update ? advisoryFromXml(update) : undefined) : advisoryFromJson(r.data);
  if (!adv) throw new MalformedRecord("not an ALAS advisory (no id, or not the updateinfo / vuln-list shape)");
  const release = r.release ?? alasRelease(adv.id);
  if (!release) throw new MalformedRecord(`cannot tell the Amazon Linux release of ${adv.id}`);
  return alasRows(adv, release);
}

export const amazonSource: FeedSource = {
  name: "amazon",
  defaultLocation: AMAZON_URL,
  description: "Amazon Linux ALAS (updateinfo.xml of the AL1, AL2, AL2022, AL2023 repositories; or vuln-list JSON)",
  fetch: fetchAmazon,
  transform: transformAmazon,
};
