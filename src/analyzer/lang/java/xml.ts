/**
 * A small, defensive XML reader for pom.xml: elements and text only. Comments, CDATA, processing
 * instructions are handled; a DOCTYPE with entity declarations is refused (no entity expansion at all).
 */
export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const MAX_DEPTH = 64;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16) % 0x110000);
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10) % 0x110000);
    return ENTITIES[e] ?? all;
  });
}

/** Parses `text`; throws an Error with a short reason on malformed or unsafe XML. */
export function parseXml(text: string): XmlElement {
  const root: XmlElement = { name: "#document", children: [], text: "" };
  const stack: XmlElement[] = [root];
  const tag = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of text.matchAll(tag)) {
    const top = stack[stack.length - 1] as XmlElement;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined && /<!ENTITY/i.test(m[2])) throw new Error("DOCTYPE with entity declarations");
    else if (m[7] !== undefined) top.text += decode(m[7]);
    else if (m[8] !== undefined) throw new Error(`unexpected "<" at offset ${m.index}`);
    else if (m[4] !== undefined) {
      const name = m[4].replace(/^[\w.-]+:/, "");
      if (m[3] === "/") {
        if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
        stack.pop();
      } else {
        const el: XmlElement = { name, children: [], text: "" };
        top.children.push(el);
        if (m[6] !== "/") stack.push(el);
        if (stack.length > MAX_DEPTH) throw new Error("elements nested too deeply");
      }
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

export function childText(el: XmlElement | undefined, name: string): string | undefined {
  const t = child(el, name)?.text.trim();
  return t === undefined || t === "" ? undefined : t;
}
