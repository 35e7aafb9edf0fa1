/** VEX documents (OpenVEX, CycloneDX VEX) in one normalised form. Types only. */

export type VexStatus = "not_affected" | "affected" | "fixed" | "under_investigation";

/** Statuses that suppress a finding. */
export const suppressingStatuses: readonly VexStatus[] = ["not_affected", "fixed"];

export interface VexProduct {
  /** The product's purl (`pkg:oci/…` for an image, `pkg:pypi/requests@2.25.1` for a package). */
  purl?: string;
  /** When present the statement applies to these components of the product (purls), not to the product. */
  subcomponents: string[];
}

export interface VexStatement {
  /** The vulnerability ID the statement is about, and the aliases it lists. */
  vulnerability: string;
  aliases: string[];
  status: VexStatus;
  /** OpenVEX justification or CycloneDX analysis.justification. */
  justification?: string;
  /** OpenVEX impact_statement or CycloneDX analysis.detail. */
  impactStatement?: string;
  statusNotes?: string;
  actionStatement?: string;
  products: VexProduct[];
  /** Epoch milliseconds: statement last_updated/timestamp, else the document's; undefined when none. */
  timestamp?: number;
}

export interface VexDocument {
  format: "openvex" | "cyclonedx";
  /** OpenVEX `@id`, CycloneDX serialNumber, else the file path. */
  id: string;
  file: string;
  author?: string;
  statements: VexStatement[];
  /** Problems found while reading (unresolvable refs, products without purl), naming the file. */
  warnings: string[];
}
