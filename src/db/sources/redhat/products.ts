/**
 * CSAF product resolution for RHEL: a status entry names `<platform>:<component>`; the platform's CPE gives
 * the RHEL major version (`cpe:/o:redhat:enterprise_linux:9::baseos` → `redhat:9`), the component's purl or
 * id gives the package name and EVR (`python3.9-0:3.9.18-3.el9_4.5.src` → python3.9, 3.9.18-3.el9_4.5).
 */
import type { CsafBranch, CsafDocument } from "./schema.js";

interface Leaf { cpe?: string; purl?: string }

export interface ResolvedProduct {
  namespace: string;
  name: string;
  /** EVR (epoch omitted when 0), when the component carries a version. */
  version?: string;
}

export class ProductIndex {
  private readonly leaves = new Map<string, Leaf>();
  private readonly rel = new Map<string, { component: string; platform: string }>();

  constructor(doc: CsafDocument) {
    const walk = (b: CsafBranch): void => {
      const p = b.product;
      if (p) this.leaves.set(p.product_id, { cpe: p.product_identification_helper?.cpe, purl: p.product_identification_helper?.purl });
      for (const c of b.branches ?? []) walk(c);
    };
    for (const b of doc.product_tree.branches) walk(b);
    for (const r of doc.product_tree.relationships) {
      this.rel.set(r.full_product_name.product_id, { component: r.product_reference, platform: r.relates_to_product_reference });
    }
  }

  resolve(productId: string): ResolvedProduct | undefined {
    const r = this.rel.get(productId);
    if (!r) return undefined;
    const major = rhelMajor(this.leaves.get(r.platform)?.cpe);
    if (!major) return undefined;
    const comp = parseComponent(r.component, this.leaves.get(r.component)?.purl);
    return comp ? { namespace: `redhat:${major}`, ...comp } : undefined;
  }
}

export function rhelMajor(cpe: string | undefined): string | undefined {
  return cpe ? /^cpe:\/[aoh]:redhat:(?:enterprise_linux|rhel_[a-z_]+):(\d+)/.exec(cpe)?.[1] : undefined;
}

function parseComponent(id: string, purl: string | undefined): { name: string; version?: string } | undefined {
  if (purl) {
    const m = /^pkg:rpm\/[^/]+\/([^@?]+)(?:@([^?]+))?(?:\?(.*))?$/.exec(purl);
    if (m?.[1]) {
      const epoch = new URLSearchParams(m[3] ?? "").get("epoch");
      const version = m[2] ? (epoch && epoch !== "0" ? `${epoch}:${m[2]}` : m[2]) : undefined;
      return version ? { name: decodeURIComponent(m[1]), version } : { name: decodeURIComponent(m[1]) };
    }
  }
  // name-epoch:version-release.arch
  const nevra = /^(.+)-(\d+):([^-]+)-(.+)\.([a-z0-9_]+)$/.exec(id);
  if (nevra?.[1]) {
    const epoch = nevra[2] === "0" ? "" : `${nevra[2]}:`;
    return { name: nevra[1], version: `${epoch}${nevra[3]}-${nevra[4]}` };
  }
  // VEX known_affected: bare component name, or `module:stream/name` for modular packages
  const bare = id.includes("/") ? id.slice(id.lastIndexOf("/") + 1) : id;
  if (/^[A-Za-z0-9._+-]+$/.test(bare)) return { name: bare };
  return undefined;
}
