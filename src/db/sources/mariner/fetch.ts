/**
 * Azure Linux / CBL-Mariner OVAL: one file per release in microsoft/AzureLinuxVulnerabilityData
 * (`cbl-mariner-2.0-oval.xml`, `azurelinux-3.0-oval.xml`). The file is the release's scope (its criteria
 * never name the release), so the release comes from the file name. One RawRecord per definition, with
 * its test resolved (package name, EVR, operation).
 */
import { isDocument, localDocuments, remoteDocument, xmlOf, type Document } from "../documents.js";
import { joinUrl } from "../http.js";
import { ovalDocument, type RpmInfoTest } from "../oval.js";
import type { FetchContext, RawRecord } from "../types.js";
import { attr, child, children, type XmlNode } from "../xml.js";

export const MARINER_URL = "https://raw.githubusercontent.com/microsoft/AzureLinuxVulnerabilityData/main";
export const MARINER_FILES = ["cbl-mariner-1.0-oval.xml", "cbl-mariner-2.0-oval.xml", "azurelinux-3.0-oval.xml"] as const;

export interface MarinerRaw {
  /** `mariner:2.0`, `azurelinux:3.0`. */
  namespace: string;
  definition: XmlNode;
  tests: RpmInfoTest[];
}

/** `cbl-mariner-2.0-oval.xml` → `mariner:2.0`; `azurelinux-3.0-oval.xml` → `azurelinux:3.0`. */
export function marinerNamespace(fileName: string): string | undefined {
  const m = /(azurelinux|cbl-mariner|mariner)-(\d+\.\d+)(?:-oval)?\.xml/i.exec(fileName);
  if (!m) return undefined;
  return `${m[1]!.toLowerCase() === "azurelinux" ? "azurelinux" : "mariner"}:${m[2]}`;
}

export function marinerRecords(doc: Document): RawRecord[] {
  const namespace = marinerNamespace(doc.name);
  if (!namespace) return [{ id: doc.name, origin: doc.origin, data: undefined, error: "cannot tell the release from the file name (expected cbl-mariner-X.Y-oval.xml or azurelinux-X.Y-oval.xml)" }];
  const parsed = xmlOf(doc);
  if ("failed" in parsed) return [parsed.failed];
  const oval = ovalDocument(parsed.xml);
  if (!oval) return [{ id: doc.name, origin: doc.origin, data: undefined, error: "not an OVAL definitions document" }];
  return oval.definitions.map((definition, i) => {
    const refs = children(child(definition, "criteria"), "criterion").map((c) => attr(c, "test_ref") ?? "");
    const tests = refs.map((r) => oval.test(r)).filter((t) => t !== undefined);
    const raw: MarinerRaw = { namespace, definition, tests };
    return { id: attr(definition, "id") ?? `${doc.name}[${i}]`, origin: doc.origin, data: raw };
  });
}

export async function* fetchMariner(ctx: FetchContext): AsyncGenerator<RawRecord> {
  if (ctx.local) {
    for await (const doc of localDocuments(ctx.location, [".xml"])) {
      if (isDocument(doc)) yield* marinerRecords(doc);
      else yield doc;
    }
    return;
  }
  const urls = /\.xml$/i.test(ctx.location)
    ? [ctx.location]
    : MARINER_FILES.filter((f) => !ctx.selector || marinerNamespace(f) === ctx.selector).map((f) => joinUrl(ctx.location, f));
  for (const url of urls) {
    const doc = await remoteDocument(url, ctx);
    if (!doc) {
      ctx.logger.warn("no OVAL file", { url });
      continue;
    }
    if (isDocument(doc)) yield* marinerRecords(doc);
    else yield doc;
  }
}
