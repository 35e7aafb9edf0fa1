/**
 * OVAL definitions documents (Azure Linux / CBL-Mariner, Oracle ELSA): definitions, and the rpminfo tests,
 * objects and states their criteria point at, indexed by id.
 */
import { attr, child, children, text, type XmlNode } from "./xml.js";

export interface RpmInfoTest {
  /** The package (`rpminfo_object` name). */
  name?: string;
  /** `rpminfo_state` evr, e.g. `0:5.12.11-10.cm2`. */
  evr?: string;
  /** `less than`, `less than or equal`… */
  operation?: string;
}

export interface OvalDocument {
  definitions: XmlNode[];
  generator?: XmlNode;
  test(id: string): RpmInfoTest | undefined;
}

/** The `<oval_definitions>` root's parts; undefined when the document is not OVAL definitions. */
export function ovalDocument(doc: XmlNode): OvalDocument | undefined {
  const root = child(doc, "oval_definitions");
  if (!root) return undefined;
  const byId = (section: string, element: string): Map<string, XmlNode> => {
    const m = new Map<string, XmlNode>();
    for (const n of children(child(root, section), element)) {
      const id = attr(n, "id");
      if (id) m.set(id, n);
    }
    return m;
  };
  const tests = byId("tests", "rpminfo_test");
  const objects = byId("objects", "rpminfo_object");
  const states = byId("states", "rpminfo_state");
  return {
    definitions: children(child(root, "definitions"), "definition"),
    generator: child(root, "generator"),
    test(id) {
      const t = tests.get(id);
      if (!t) return undefined;
      const obj = objects.get(attr(child(t, "object"), "object_ref") ?? "");
      const evr = child(states.get(attr(child(t, "state"), "state_ref") ?? ""), "evr");
      const out: RpmInfoTest = {};
      const name = text(child(obj, "name"));
      if (name) out.name = name;
      if (text(evr)) out.evr = text(evr)!;
      if (attr(evr, "operation")) out.operation = attr(evr, "operation")!;
      return out;
    },
  };
}
