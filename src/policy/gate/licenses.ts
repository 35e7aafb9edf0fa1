/**
 * Gate `licenses`: packages under denied licences, by SPDX id (wildcards) or class. Read from the
 * packages' licence metadata whatever scanners ran. An `OR` expression is denied only when every choice
 * is; an `AND` one when any part is.
 */
import { z } from "zod";
import { classifyLicense, classifyNode } from "../../checks/license/classify.js";
import { normaliseLicense, parseExpression, type SpdxNode } from "../../checks/license/normalize.js";
import type { LicenseClass } from "../../model/finding.js";
import { fullVersion } from "../../model/version.js";
import { anyOf, licenseClasses, patterns } from "./common.js";
import { trigger, type Gate, type Hit } from "./types.js";

interface Parsed { expression?: string; node?: SpdxNode; classification: LicenseClass }

/** Normalising a licence string (spdx-correct) costs ~0.4 ms: each distinct string once (bounded). */
const parsedLicenses = new Map<string, Parsed>();

function parseLicense(raw: string): Parsed {
  let p = parsedLicenses.get(raw);
  if (!p) {
    const n = normaliseLicense(raw);
    const node = n.expression ? parseExpression(n.expression) : undefined;
    p = { ...(n.expression ? { expression: n.expression } : {}), ...(node ? { node } : {}), classification: node ? classifyNode(node) : classifyLicense(raw).classification };
    if (parsedLicenses.size >= 10_000) parsedLicenses.clear();
    parsedLicenses.set(raw, p);
  }
  return p;
}

function denied(node: SpdxNode, test: (id: string, cls: LicenseClass) => boolean): boolean {
  if ("license" in node) return test(node.plus ? `${node.license}+` : node.license, classifyNode(node));
  const l = denied(node.left, test);
  const r = denied(node.right, test);
  return node.conjunction === "or" ? l && r : l || r;
}

export const licensesGate: Gate = {
  name: "licenses",
  description: "licences of the installed packages",
  triggers: {
    deny: trigger({
      description: "a package under a licence matching `ids` (SPDX ids, wildcards) or of one of `classes` (permissive, weak-copyleft, strong-copyleft, network-copyleft, unknown)",
      params: z.strictObject({ ids: patterns.optional(), classes: z.array(z.enum(licenseClasses as [LicenseClass, ...LicenseClass[]])).min(1).optional() })
        .refine((p) => p.ids || p.classes, { error: "needs ids or classes" }),
      evaluate: (p, s) => {
        const ids = p.ids ? anyOf(p.ids) : () => false;
        const classes = new Set(p.classes ?? []);
        const test = (id: string, cls: LicenseClass) => ids(id) || classes.has(cls);
        const hits: Hit[] = [];
        for (const pkg of s.packages) {
          for (const raw of new Set(pkg.licenses ?? [])) {
            const n = parseLicense(raw);
            const bad = n.node ? denied(n.node, test) : ids(raw) || classes.has(n.classification);
            if (!bad) continue;
            hits.push({ message: `${pkg.name}@${fullVersion(pkg)} (${pkg.type}) is under ${n.expression ?? raw}`, findingId: n.expression ?? raw, package: pkg.name, purl: pkg.purl });
          }
        }
        return { hits };
      },
    }),
  },
};
