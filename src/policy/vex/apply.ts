/**
 * Applies VEX statements to vulnerability findings. A statement concerns a finding when its vulnerability
 * (or one of its aliases) is the finding's ID or one of the finding's aliases, and one of its products
 * covers the finding's package:
 *  - a product with subcomponents covers packages matching a subcomponent purl (a `pkg:oci/…` product must
 *    also be the scanned image when `imagePurls` is given);
 *  - a `pkg:oci/…` product without subcomponents covers every package of the image;
 *  - any other product covers packages its purl matches (see purl-match.ts).
 * Of the statements concerning a finding the one with the latest timestamp wins (ties: the later one in
 * document order); `not_affected` and `fixed` suppress, `affected` and `under_investigation` do not.
 */
import type { Suppression, VulnerabilityFinding } from "../../model/finding.js";
import { normalizeId } from "../ids.js";
import { parsePurl, purlMatches, purlMatchesParsed } from "../purl-match.js";
import type { PolicyResult } from "../ignore/apply.js";
import { suppressingStatuses, type VexDocument, type VexProduct, type VexStatement } from "./types.js";

export interface ApplyVexOptions {
  /** Purls of the scanned image (`pkg:oci/name@sha256:…?repository_url=…`); gates `pkg:oci` products. */
  imagePurls?: string[];
}

interface Entry {
  statement: VexStatement;
  doc: VexDocument;
  order: number;
}

function isOci(purl: string | undefined): boolean {
  return purl !== undefined && purl.startsWith("pkg:oci/");
}

function isThisImage(productPurl: string, imagePurls: string[] | undefined): boolean {
  if (imagePurls === undefined) return true;
  const pattern = parsePurl(productPurl);
  return imagePurls.some((p) => {
    const image = parsePurl(p);
    return pattern !== undefined && image !== undefined && purlMatchesParsed(pattern, image);
  });
}

function productCovers(p: VexProduct, pkgPurl: string, opts: ApplyVexOptions): boolean {
  if (isOci(p.purl) && !isThisImage(p.purl as string, opts.imagePurls)) return false;
  if (p.subcomponents.length > 0) return p.subcomponents.some((s) => purlMatches(s, pkgPurl));
  if (p.purl === undefined) return false;
  return isOci(p.purl) || purlMatches(p.purl, pkgPurl);
}

/** Statements by every ID they name (vulnerability and aliases), in document order. */
function indexStatements(docs: readonly VexDocument[]): Map<string, Entry[]> {
  const index = new Map<string, Entry[]>();
  let order = 0;
  for (const doc of docs) {
    for (const statement of doc.statements) {
      const entry = { statement, doc, order: order++ };
      for (const id of new Set([statement.vulnerability, ...statement.aliases].map(normalizeId))) {
        const list = index.get(id);
        if (list) list.push(entry);
        else index.set(id, [entry]);
      }
    }
  }
  return index;
}

function later(a: Entry | undefined, b: Entry): Entry {
  if (a === undefined) return b;
  const ta = a.statement.timestamp ?? -Infinity;
  const tb = b.statement.timestamp ?? -Infinity;
  if (tb !== ta) return tb > ta ? b : a;
  return b.order > a.order ? b : a;
}

function winner(f: VulnerabilityFinding, index: Map<string, Entry[]>, opts: ApplyVexOptions): Entry | undefined {
  let best: Entry | undefined;
  const seen = new Set<Entry>();
  for (const id of [f.id, ...f.aliases]) {
    for (const e of index.get(normalizeId(id)) ?? []) {
      if (seen.has(e)) continue;
      seen.add(e);
      if (e.statement.products.some((p) => productCovers(p, f.package.purl, opts))) best = later(best, e);
    }
  }
  return best;
}

function suppressionOf(e: Entry): Suppression {
  const s: Suppression = { kind: "vex", source: e.doc.id };
  if (e.statement.justification !== undefined) s.justification = e.statement.justification;
  const reason = e.statement.impactStatement ?? e.statement.statusNotes;
  if (reason !== undefined) s.reason = reason;
  return s;
}

/** Suppresses findings the VEX documents say are not_affected or fixed; warnings are the documents'. */
export function applyVex(
  findings: readonly VulnerabilityFinding[],
  docs: readonly VexDocument[],
  options: ApplyVexOptions = {},
): PolicyResult<VulnerabilityFinding> {
  const index = indexStatements(docs);
  const out = findings.map((f) => {
    if (f.suppressed) return f;
    const best = winner(f, index, options);
    if (!best || !suppressingStatuses.includes(best.statement.status)) return f;
    return { ...f, suppressed: suppressionOf(best) };
  });
  return { findings: out, warnings: docs.flatMap((d) => d.warnings) };
}
