/** One SBOM component/package (purl, licences, properties) → a Dredge Package, or a counted/warned skip. */
import type { OSInfo, Package } from "../model/package.js";
import { flushSkipWarnings, warn, type ReadContext } from "./context.js";
import type { LayerTable } from "./layers.js";
import { osFromDistroQualifier } from "./os.js";
import { applyProperties, type Props } from "./properties.js";
import { packageFromPurl, parsePurl } from "./purl-package.js";

export interface ComponentInput {
  label: string;
  purl?: string;
  version?: string;
  licenses: string[];
  supplier?: string;
  props: Props;
}

/** Collects packages and the OS that OS purls' `distro` qualifiers name. */
export class PackageCollector {
  readonly packages: Package[] = [];
  private distroOs: OSInfo | undefined;

  constructor(
    private readonly ctx: ReadContext,
    readonly layers: LayerTable,
    private readonly absolutePaths = false,
  ) {}

  /** The Package made from `c`, or undefined when it was skipped. */
  add(c: ComponentInput): Package | undefined {
    const purlText = c.purl?.trim();
    if (!purlText) {
      this.ctx.skipped.noPurl++;
      return undefined;
    }
    const parsed = parsePurl(purlText);
    if (!parsed) {
      warn(this.ctx, `component ${c.label} has an invalid purl "${purlText.slice(0, 300)}", skipped`);
      return undefined;
    }
    const pkg = packageFromPurl(purlText, parsed, c.version);
    if (!pkg) {
      const type = parsed.purl.type;
      this.ctx.skipped.unsupportedType.set(type, (this.ctx.skipped.unsupportedType.get(type) ?? 0) + 1);
      return undefined;
    }
    if (pkg.name === "" || pkg.version === "") {
      warn(this.ctx, `component ${c.label} has no name or version in its purl, skipped`);
      return undefined;
    }
    const licenses = [...new Set(c.licenses)];
    if (licenses.length) pkg.licenses = licenses;
    if (c.supplier) pkg.vendor = c.supplier;
    applyProperties(pkg, c.props, this.layers, this.absolutePaths);
    this.packages.push(pkg);
    const distro = parsed.qualifiers.distro;
    if (!this.distroOs && distro && (pkg.type === "deb" || pkg.type === "apk" || pkg.type === "rpm")) {
      this.distroOs = osFromDistroQualifier(distro, parsed.purl.namespace ?? undefined);
    }
    return pkg;
  }

  /** The OS named by the first OS purl's distro qualifier, when the SBOM has no OS component. */
  get osFromPurls(): OSInfo | undefined {
    return this.distroOs;
  }

  finish(): void {
    flushSkipWarnings(this.ctx);
  }
}
