/**
 * XML feeds (yum updateinfo, OVAL) through fast-xml-parser, bounded: document size, nesting depth, entity
 * expansion. Namespace prefixes are dropped (`linux-def:rpminfo_test` → `rpminfo_test`), attributes are
 * `@_name`, text next to attributes is `#text`; every element is read as a list (`asList`) so a single
 * child and several children look the same to the feeds.
 */
import { XMLParser } from "fast-xml-parser";
import { errorMessage } from "../../errors.js";
import { MalformedRecord } from "./types.js";

/** Below V8's longest string (~512 MiB): larger documents cannot be held as text at all. */
export const MAX_XML_BYTES = 500 * 1024 * 1024;
/** Most elements `elementTexts` yields from one document (Oracle's all-releases OVAL has ~10,000 definitions). */
export const MAX_ELEMENTS = 1_000_000;
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

/**
 * The text of each `<name …>…</name>` element of a large document, in order, without parsing the whole:
 * each is parsed on its own later (`parseXml`), so memory holds one small tree at a time. For elements that
 * never nest in themselves (OVAL `definition`, updateinfo `update`); an element left open at the end of the
 * text (a truncated document) is not yielded.
 */
export function* elementTexts(text: string, name: string, max = MAX_ELEMENTS): Generator<string> {
  const open = `<${name}`;
  const close = `</${name}>`;
  let from = 0;
  let comment = text.indexOf("<!--"); // the next comment at or after `from` (-1: none left), searched forward only
  let n = 0;
  for (;;) {
    let start = text.indexOf(open, from);
    while (start >= 0 && !/[\s>/]/.test(text[start + open.length] ?? "")) start = text.indexOf(open, start + open.length);
    if (start < 0) return;
    if (comment !== -1 && comment < from) comment = text.indexOf("<!--", from);
    // An opening tag inside a comment (`<!-- … <definition> blocks … -->`) is no element.
    if (comment !== -1 && comment < start) {
      const endComment = text.indexOf("-->", comment + 4);
      if (endComment < 0) return;
      from = endComment + 3;
      comment = text.indexOf("<!--", from);
      continue;
    }
    if (++n > max) throw new MalformedRecord(`more than ${max} <${name}> elements`);
    const gt = text.indexOf(">", start);
    if (gt < 0) return;
    if (text[gt - 1] === "/") {
      yield text.slice(start, gt + 1);
      from = gt + 1;
      continue;
    }
    const end = text.indexOf(close, gt);
    if (end < 0) return;
    yield text.slice(start, end + close.length);
    from = end + close.length;
  }
}

/** The value of an attribute in an element's opening tag, read without parsing (for record ids). */
export function openingAttr(elementText: string, name: string): string | undefined {
  const tag = elementText.slice(0, elementText.indexOf(">") + 1);
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}
