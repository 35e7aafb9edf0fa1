/** The purl of the scanned image itself: pkg:oci/NAME@DIGEST?repository_url=…&arch=…&tag=… */
import { PackageURL } from "packageurl-js";
import type { InventoryTarget } from "../../model/inventory.js";

export function imagePurl(t: InventoryTarget): string | undefined {
  const digest = t.manifestDigest ?? t.imageId;
  if (!digest || t.source === "rootfs" || t.source === "fs") return undefined;
  const repoTag = t.repoTags[0];
  const repo = repoTag ? repoTag.replace(/:[^:/]+$/, "") : t.name.replace(/[:@].*$/, "");
  const name = (repo.split("/").pop() ?? "image").toLowerCase();
  const qualifiers: Record<string, string> = {};
  if (repo.includes("/")) qualifiers.repository_url = repo;
  if (t.platform?.architecture) qualifiers.arch = t.platform.architecture;
  const tag = repoTag && /:([^:/]+)$/.exec(repoTag)?.[1];
  if (tag) qualifiers.tag = tag;
  return new PackageURL("oci", undefined, name, digest, qualifiers, undefined).toString();
}
