/**
 * SUSE CSAF product ids are `<product name>:<component>`, the component an rpm NVRA (`bind-9.9.4P2-0.6.1.i586`),
 * an NVR (CSAF VEX: `samba-4.19.2+git.322.7e9201cef5-1.1`) or a bare name (VEX `known_not_affected`:
 * `libndr0`). The relationships of the product tree say which part is the product and which the component.
 */
import { suseProductNamespace } from "../../../distro/suse/release.js";
import type { SuseCsaf } from "./schema.js";

export interface SuseProduct {
  namespace: string;
  name: string;
  /** version-release (SUSE ids carry no epoch), when the component has one. */
  version?: string;
}

const ARCH = /\.(x86_64|i[3-6]86|noarch|aarch64|aarch64_ilp32|ppc64le|ppc64|ppc|s390x|s390|ia64|armv[67]hl|riscv64|src|nosrc)$/;
const VERSIONISH = /^\d[\w.+~^]*$/;

/** `bind-9.9.4P2-0.6.1.i586` → bind, 9.9.4P2-0.6.1; `libndr0` → libndr0 (no version). */
export function parseComponent(component: string): { name: string; version?: string } | undefined {
  const c = component.trim().replace(ARCH, "");
  const parts = c.split("-");
  if (parts.length >= 3) {
    const release = parts[parts.length - 1]!;
    const version = parts[parts.length - 2]!;
    if (VERSIONISH.test(version) && VERSIONISH.test(release)) return { name: parts.slice(0, -2).join("-"), version: `${version}-${release}` };
  }
  return c && !/\s/.test(c) ? { name: c } : undefined;
}

export class SuseProducts {
  private readonly rel = new Map<string, { component: string; platform: string }>();

  constructor(doc: SuseCsaf) {
    for (const r of doc.product_tree.relationships) {
      this.rel.set(r.full_product_name.product_id, { component: r.product_reference, platform: r.relates_to_product_reference });
    }
  }

  /** The product id through the relationships, or split at its first `:` (VEX ids are not all related). */
  resolve(productId: string): SuseProduct | undefined {
    const r = this.rel.get(productId) ?? splitId(productId);
    if (!r) return undefined;
    const namespace = suseProductNamespace(r.platform);
    const comp = namespace ? parseComponent(r.component) : undefined;
    return namespace && comp ? { namespace, ...comp } : undefined;
  }
}

function splitId(id: string): { component: string; platform: string } | undefined {
  const i = id.lastIndexOf(":");
  return i > 0 ? { platform: id.slice(0, i), component: id.slice(i + 1) } : undefined;
}
