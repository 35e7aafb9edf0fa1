/** Classification of common SPDX licence ids (facts from the licences' texts; unknown otherwise). */
import type { LicenseClass } from "../../model/finding.js";

const table: Record<Exclude<LicenseClass, "unknown">, string[]> = {
  permissive: [
    "0BSD", "AFL-2.1", "AFL-3.0", "Apache-1.0", "Apache-1.1", "Apache-2.0", "Artistic-2.0", "BlueOak-1.0.0", "BSD-1-Clause", "BSD-2-Clause",
    "BSD-2-Clause-Patent", "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSL-1.0", "CC0-1.0", "CC-BY-3.0", "CC-BY-4.0",
    "curl", "ISC", "MIT", "MIT-0", "MIT-CMU", "NCSA", "OpenSSL", "PHP-3.0", "PHP-3.01", "PSF-2.0", "Python-2.0", "Python-2.0.1",
    "Unicode-DFS-2016", "Unicode-3.0", "Unlicense", "UPL-1.0", "W3C", "WTFPL", "X11", "Zlib", "zlib-acknowledgement", "ZPL-2.1",
    "FSFAP", "FSFUL", "FSFULLR", "HPND", "ICU", "Beerware", "PostgreSQL", "Ruby", "bzip2-1.0.6", "libtiff", "Libpng", "IJG", "TCL",
    "Vim", "X11-distribute-modifications-variant", "BSD-Source-Code", "OLDAP-2.8", "Info-ZIP", "MirOS", "JSON", "blessing",
  ],
  "weak-copyleft": [
    "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "MPL-1.0", "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception", "EPL-1.0", "EPL-2.0", "CDDL-1.0", "CDDL-1.1", "CPL-1.0",
    "EUPL-1.1", "EUPL-1.2", "MS-RL", "OSL-3.0", "CECILL-C", "Artistic-1.0", "Artistic-1.0-Perl", "LGPLLR", "APSL-2.0",
    "CC-BY-SA-3.0", "CC-BY-SA-4.0", "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
  ],
  "strong-copyleft": [
    "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "CECILL-2.1",
    "Sleepycat", "EUPL-1.0", "QPL-1.0", "IPL-1.0", "RPL-1.5",
  ],
  "network-copyleft": ["AGPL-1.0-only", "AGPL-1.0-or-later", "AGPL-3.0-only", "AGPL-3.0-or-later", "SSPL-1.0", "OSL-3.0-network", "RPL-1.1", "CPAL-1.0"],
};

const byId = new Map<string, LicenseClass>();
for (const [cls, ids] of Object.entries(table) as [LicenseClass, string[]][]) for (const id of ids) byId.set(id.toLowerCase(), cls);
// Deprecated SPDX ids still common in metadata.
for (const [old, cls] of [["GPL-2.0", "strong-copyleft"], ["GPL-2.0+", "strong-copyleft"], ["GPL-3.0", "strong-copyleft"], ["GPL-3.0+", "strong-copyleft"],
  ["LGPL-2.1", "weak-copyleft"], ["LGPL-2.1+", "weak-copyleft"], ["LGPL-3.0", "weak-copyleft"], ["LGPL-3.0+", "weak-copyleft"], ["LGPL-2.0", "weak-copyleft"],
  ["LGPL-2.0+", "weak-copyleft"], ["AGPL-3.0", "network-copyleft"], ["GPL-1.0+", "strong-copyleft"]] as const) byId.set(old.toLowerCase(), cls);

/** Restrictiveness order: a higher rank is more restrictive. Unknown ranks highest (it needs review). */
export const classRank: Record<LicenseClass, number> = {
  permissive: 0,
  "weak-copyleft": 1,
  "strong-copyleft": 2,
  "network-copyleft": 3,
  unknown: 4,
};

/** Class of one licence id (case-insensitive; `+` means or-later). */
export function classifyId(id: string): LicenseClass {
  const key = id.toLowerCase();
  return byId.get(key) ?? byId.get(key.replace(/\+$/, "-or-later")) ?? byId.get(key.replace(/\+$/, "")) ?? "unknown";
}
