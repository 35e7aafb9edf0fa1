/**
 * The `mariner` feed: Azure Linux 3.0 and CBL-Mariner 1.0/2.0 OVAL, one definition per (CVE, package).
 * `less than` EVR: fixed in that build. `less than or equal` (with `patchable` false or empty): no fix
 * yet — the EVR is the newest shipped build, still vulnerable (status affected, last_affected that EVR).
 * `patchable` "Not Applicable": the CVE does not apply (not_affected). Severity is lower-cased.
 */
import type { AffectedPackage, FeedOutput, VulnerabilityRecord } from "../../model.js";
import { MalformedRecord, type FeedSource, type RawRecord } from "../types.js";
import { attr, child, childText, children } from "../xml.js";
import { fetchMariner, MARINER_URL, type MarinerRaw } from "./fetch.js";

const CVE = /^CVE-\d{4}-\d+$/;

function transformMariner(raw: RawRecord): FeedOutput {
  if (raw.error) throw new MalformedRecord(raw.error);
  const { namespace, definition, tests } = raw.data as MarinerRaw;
  const meta = child(definition, "metadata");
  const refs = children(meta, "reference");
  const id = refs.map((r) => attr(r, "ref_id") ?? "").find((x) => CVE.test(x)) ?? /^(CVE-\d{4}-\d+)\b/.exec(childText(meta, "title") ?? "")?.[1];
  if (!id) throw new MalformedRecord("definition names no CVE");
  const test = tests[0];
  if (!test?.name || !test.evr) throw new MalformedRecord(`${id}: the definition's test names no package or EVR`);
  const patchable = (childText(meta, "patchable") ?? "").toLowerCase();
  const severity = childText(meta, "severity")?.toLowerCase();
  const vuln: VulnerabilityRecord = {
    id, source: "mariner", aliases: [], related: [],
    severities: severity ? [{ source: "mariner", type: "vendor", rating: severity }] : [],
    cwes: [], references: refs.flatMap((r) => (attr(r, "ref_url") ? [{ url: attr(r, "ref_url")! }] : [])),
  };
  const description = childText(meta, "description");
  const date = childText(meta, "advisory_date");
  if (description) vuln.description = description;
  if (date) vuln.published = date;
  const row: AffectedPackage = {
    vulnerabilityId: id, source: "mariner", namespace, packageName: test.name, status: "affected",
    ranges: [], versions: [], fixedVersions: [],
    ...(severity ? { severity } : {}),
  };
  if (patchable === "not applicable") {
    row.status = "not_affected";
  } else if (test.operation === "less than") {
    row.status = "fixed";
    row.ranges = [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { fixed: test.evr }] }];
    row.fixedVersions = [test.evr];
  } else if (test.operation === "less than or equal") {
    row.ranges = [{ type: "ecosystem", scheme: "rpm", events: [{ introduced: "0" }, { last_affected: test.evr }] }];
  } else {
    throw new MalformedRecord(`${id}: unknown EVR operation "${test.operation ?? ""}"`);
  }
  return { vulnerabilities: [vuln], affected: [row] };
}

export const marinerSource: FeedSource = {
  name: "mariner",
  defaultLocation: MARINER_URL,
  description: "Azure Linux 3.0 and CBL-Mariner 1.0/2.0 OVAL (microsoft/AzureLinuxVulnerabilityData)",
  fetch: fetchMariner,
  transform: transformMariner,
};
