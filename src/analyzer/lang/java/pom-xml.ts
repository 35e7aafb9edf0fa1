/**
 * pom.xml: the project itself and its declared `dependencies` (versions as written, `${…}` resolved from
 * the file's own `properties`, `project.*` values and `dependencyManagement`; dependencies whose version
 * stays unresolved, e.g. managed by a parent or an imported BOM, are skipped). `test` scope marks dev dependencies.
 */
import type { Package } from "../../../model/package.js";
import type { ParseResult } from "../types.js";
import { emptyResult } from "../types.js";
import { isCoordinate, isMavenVersion, mavenPackage } from "./package.js";
import { child, children, childText, parseXml, type XmlElement } from "./xml.js";

function properties(project: XmlElement): Map<string, string> {
  const props = new Map<string, string>();
  for (const p of child(project, "properties")?.children ?? []) props.set(p.name, p.text.trim());
  const parent = child(project, "parent");
  const own = (k: string): string | undefined => childText(project, k) ?? childText(parent, k);
  for (const k of ["groupId", "artifactId", "version"]) {
    const v = own(k);
    if (v) {
      props.set(`project.${k}`, v);
      props.set(`pom.${k}`, v);
    }
    const pv = childText(parent, k);
    if (pv) props.set(`project.parent.${k}`, pv);
  }
  return props;
}

/** Resolved values longer than this are given up: a property naming itself k times grows k^8 (8 levels). */
const MAX_RESOLVED = 4096;

/** Replaces `${name}` from `props`, up to a few levels of indirection; undefined if anything stays unresolved. */
export function resolveProps(value: string | undefined, props: Map<string, string>): string | undefined {
  let v = value;
  for (let i = 0; v !== undefined && v.includes("${") && i < 8; i++) {
    let size = v.length;
    v = v.replace(/\$\{([^}]+)\}/g, (all, k: string) => {
      const r = props.get(k) ?? all;
      size += r.length - all.length;
      return size > MAX_RESOLVED ? "" : r;
    });
    if (size > MAX_RESOLVED) return undefined;
  }
  return v === undefined || v.includes("${") ? undefined : v;
}

export function parsePomXml(content: Buffer, path: string): ParseResult {
  let doc: XmlElement;
  try {
    doc = parseXml(content.toString("utf8"));
  } catch (err) {
    return emptyResult([`${path}: invalid XML (${err instanceof Error ? err.message : String(err)})`]);
  }
  const project = child(doc, "project");
  if (!project) return emptyResult([`${path}: no <project> element`]);
  const props = properties(project);
  const out: Package[] = [];
  const g = resolveProps(props.get("project.groupId"), props);
  const a = resolveProps(childText(project, "artifactId"), props);
  const v = resolveProps(props.get("project.version"), props);
  if (isCoordinate(g) && isCoordinate(a) && isMavenVersion(v)) out.push(mavenPackage(g, a, v, path));
  const managed = new Map<string, string | undefined>();
  for (const dep of children(child(child(project, "dependencyManagement"), "dependencies"), "dependency")) {
    managed.set(`${childText(dep, "groupId")}:${childText(dep, "artifactId")}`, childText(dep, "version"));
  }
  for (const dep of children(child(project, "dependencies"), "dependency")) {
    const key = `${childText(dep, "groupId")}:${childText(dep, "artifactId")}`;
    const dg = resolveProps(childText(dep, "groupId"), props);
    const da = resolveProps(childText(dep, "artifactId"), props);
    const dv = resolveProps(childText(dep, "version") ?? managed.get(key), props);
    if (!isCoordinate(dg) || !isCoordinate(da) || !isMavenVersion(dv)) continue;
    out.push(mavenPackage(dg, da, dv, path, { direct: true, dev: childText(dep, "scope") === "test" }));
  }
  return { packages: out, warnings: [] };
}
