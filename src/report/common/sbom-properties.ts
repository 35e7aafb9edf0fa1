/** The properties Dredge attaches to each package in SBOMs (layer origin, source package, paths). */
import type { Package } from "../../model/package.js";

export const PROPERTY_PREFIX = "dredge:";

export function packageProperties(p: Package): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const add = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== "") out.push({ name: PROPERTY_PREFIX + name, value: String(value) });
  };
  add("package:type", p.type);
  if (p.source) {
    add("package:source:name", p.source.name);
    add("package:source:version", p.source.version);
  }
  add("package:arch", p.arch);
  add("package:modularitylabel", p.modularityLabel);
  for (const l of p.locations) add("package:path", l.path);
  if (p.layer) {
    add("layer:index", p.layer.index);
    add("layer:diffID", p.layer.diffId);
    add("layer:digest", p.layer.digest);
    add("layer:createdBy", p.layer.createdBy);
  }
  if (p.dev) add("package:dev", "true");
  if (p.confidence && p.confidence !== "high") add("package:confidence", p.confidence);
  return out;
}
