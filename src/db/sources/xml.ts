/**
 * XML feeds (yum updateinfo, OVAL) through fast-xml-parser, bounded: document size, nesting depth, entity
 * expansion. Namespace prefixes are dropped (`linux-def:rpminfo_test` → `rpminfo_test`), attributes are
 * `@_name`, text next to attributes is `#text`; every element is read as a list (`asList`) so a single
 * child and several children look the same to the feeds.
 */
import { XMLParser } from "fast-xml-parser";
import { errorMessage } from "../../errors.js";
import { MalformedRecord } from "./types.js";

export const MAX_XML_BYTES = 1024 * 1024 * 1024;
export const MAX_XML_DEPTH = 64;

export type XmlNode = Record<string, unknown>;

export interface XmlLimits {
  maxBytes?: number;
  maxDepth?: number;
}

/** Parses an XML document; throws MalformedRecord when it is not well-formed or exceeds the limits. */
export function parseXml(text: string, limits: XmlLimits = {}): XmlNode {
  const maxBytes = limits.maxBytes ?? MAX_XML_BYTES;
  if (text.length > maxBytes) throw new MalformedRecord(`XML document larger than ${maxBytes} bytes`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    maxNestedTags: limits.maxDepth ?? MAX_XML_DEPTH,
    processEntities: { enabled: true, maxTotalExpansions: 10_000_000, maxExpandedLength: maxBytes },
  });
  try {
    const doc: unknown = parser.parse(text, true);
    if (typeof doc !== "object" || doc === null) throw new MalformedRecord("not an XML document");
    return doc as XmlNode;
  } catch (err) {
    if (err instanceof MalformedRecord) throw err;
    throw new MalformedRecord(`cannot parse XML: ${errorMessage(err)}`);
  }
}

/** The child elements named `name` (always a list). */
export function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== "object" || node === null) return [];
  const v = (node as XmlNode)[name];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => (typeof x === "object" && x !== null ? (x as XmlNode) : { "#text": String(x) }));
}

/** The first child element named `name`. */
export const child = (node: unknown, name: string): XmlNode | undefined => children(node, name)[0];

/** An element's text (`<a>text</a>` or `<a x="1">text</a>`), trimmed; undefined when empty. */
export function text(node: unknown): string | undefined {
  if (node === undefined || node === null) return undefined;
  if (typeof node === "string" || typeof node === "number") return String(node).trim() || undefined;
  const t = (node as XmlNode)["#text"];
  return t === undefined || t === null ? undefined : String(t).trim() || undefined;
}

/** The text of the first child named `name`. */
export const childText = (node: unknown, name: string): string | undefined => text(child(node, name));

/** An attribute's value. */
export function attr(node: unknown, name: string): string | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  const v = (node as XmlNode)[`@_${name}`];
  return v === undefined || v === null ? undefined : String(v);
}
