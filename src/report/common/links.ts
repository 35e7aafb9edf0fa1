/** Where a reader can learn more about an advisory id. */
import type { VulnerabilityFinding } from "../../model/finding.js";

/** A canonical page for well-known id schemes; undefined for others. */
export function idUrl(id: string): string | undefined {
  if (/^CVE-\d{4}-\d+$/i.test(id)) return `https://nvd.nist.gov/vuln/detail/${id.toUpperCase()}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/i.test(id)) return `https://github.com/advisories/${id}`;
  if (/^GO-\d{4}-\d+$/.test(id)) return `https://pkg.go.dev/vuln/${id}`;
  if (/^(PYSEC|RUSTSEC|OSV)-/.test(id)) return `https://osv.dev/vulnerability/${id}`;
  return undefined;
}

/** The page to link a vulnerability to: its id's canonical page, else its first reference. */
export function primaryUrl(v: Pick<VulnerabilityFinding, "id" | "references">): string | undefined {
  return idUrl(v.id) ?? v.references[0];
}
