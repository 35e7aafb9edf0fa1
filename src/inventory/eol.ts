/**
 * End of life of an inventory's OS. Image and directory inventories get it from the OS analyzer
 * (analyzer/os/pick.ts); an SBOM only names the OS, so its inventory gets it here — a CentOS 7 SBOM must warn
 * as a CentOS 7 image does.
 */
import { variantOf } from "../analyzer/os/detect.js";
import { eolStatus } from "../distro/eol.js";
import { familySpec } from "../distro/index.js";
import type { Inventory } from "../model/inventory.js";
import type { OSInfo } from "../model/package.js";

export function eolWarning(os: OSInfo): string {
  const name = os.prettyName ?? `${os.family} ${os.name}`;
  return `${name} reached its end of life${os.eolDate ? ` on ${os.eolDate}` : ""}: its vendor no longer publishes all advisories, so findings may be incomplete`;
}

/** The inventory with its OS's end of life as of `now`, and the warning first when the OS is past it. */
export function withEndOfLife(inv: Inventory, now = new Date()): Inventory {
  const os = inv.os;
  if (!os?.name) return inv;
  const eol = eolStatus(os.family, os.name, now, variantOf(familySpec(os.family), os.prettyName));
  if (!eol) return inv;
  const dated: OSInfo = { ...os, eol: eol.eol, ...(eol.eolDate ? { eolDate: eol.eolDate } : {}) };
  return { ...inv, os: dated, warnings: eol.eol ? [eolWarning(dated)].concat(inv.warnings) : inv.warnings };
}
