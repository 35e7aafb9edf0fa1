/**
 * ELSA OVAL from linux.oracle.com: one bzip2 file per release (`com.oracle.elsa-ol9.xml.bz2`; the
 * selector `oracle:8` picks one). A URL the user gives is one OVAL file; a local path is an OVAL file
 * (.xml, .bz2) or a directory of them and/or of vuln-list's ELSA JSON files. One RawRecord per definition.
 */
import { errorMessage } from "../../../errors.js";
import { isDocument, localDocuments, remoteDocument, type Document } from "../documents.js";
import { parseRecordText } from "../files.js";
import { joinUrl } from "../http.js";
import type { FetchContext, RawRecord } from "../types.js";
import { elementTexts, openingAttr } from "../xml.js";

export const ORACLE_URL = "https://linux.oracle.com/security/oval";
/** Releases with a file of their own (Dredge matches OL 7 and later). */
export const ORACLE_RELEASES = ["7", "8", "9"] as const;

export interface OracleRaw {
  /** `oval`: the text of one `<definition>` element (parsed by the transform); `vuln-list`: parsed JSON. */
  kind: "oval" | "vuln-list";
  data: unknown;
}

export function oracleRecords(doc: Document): RawRecord[] {
  if (/\.json$/i.test(doc.name)) {
    const rec = parseRecordText(doc.text, doc.name, doc.origin);
    if (rec.error) return [rec];
    return [{ id: doc.name.replace(/\.json$/i, ""), origin: doc.origin, data: { kind: "vuln-list", data: rec.data } satisfies OracleRaw }];
  }
  // Oracle's files are hundreds of MiB: one definition is parsed at a time (in the transform).
  if (!/<(?:\w+:)?oval_definitions\b/.test(doc.text.slice(0, 64 * 1024))) {
    return [{ id: doc.name, origin: doc.origin, data: undefined, error: "not an OVAL definitions document" }];
  }
  const out: RawRecord[] = [];
  let i = 0;
  try {
    for (const d of elementTexts(doc.text, "definition")) {
      out.push({ id: openingAttr(d, "id") ?? `${doc.name}[${i}]`, origin: doc.origin, data: { kind: "oval", data: d } satisfies OracleRaw });
      i++;
    }
  } catch (err) {
    out.push({ id: doc.name, origin: doc.origin, data: undefined, error: errorMessage(err) });
  }
  return out;
}

export async function* fetchOracle(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    for await (const doc of localDocuments(ctx.location, [".xml", ".bz2", ".json"])) {
      if (isDocument(doc)) yield* oracleRecords(doc);
      else yield doc;
    }
    return;
  }
  const urls = /\.(xml|bz2)$/i.test(ctx.location)
    ? [ctx.location]
    : (ctx.selector ? [ctx.selector] : ORACLE_RELEASES).map((r) => joinUrl(ctx.location, `com.oracle.elsa-ol${r}.xml.bz2`));
  for (const url of urls) {
    const doc = await remoteDocument(url, ctx);
    if (!doc) {
      ctx.logger.warn("no OVAL file", { url });
      continue;
    }
    if (isDocument(doc)) yield* oracleRecords(doc);
    else yield doc;
  }
}
