/**
 * Ubuntu OpenVEX documents (ubuntu-security-notices `vex/cve/YYYY/CVE-….json`): per CVE, statements with
 * a status and source-package purls (`pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=source&distro=jammy`).
 * Ubuntu's tracker statuses map as: released → fixed, needed → affected, deferred → fix_deferred,
 * ignored → will_not_fix (or end_of_life when the release is no longer supported), not-affected / DNE →
 * not_affected.
 */
import { z } from "zod";
import type { AffectedPackage, AffectedStatus } from "../../model.js";
import { MalformedRecord } from "../types.js";
import { ubuntuNamespace } from "./releases.js";
import { safeParse } from "../../../util/schema.js";

const statement = z.object({
  vulnerability: z.object({ name: z.string().min(1) }),
  products: z.array(z.object({ "@id": z.string() })).default([]),
  status: z.enum(["not_affected", "affected", "fixed", "under_investigation"]),
  action_statement: z.string().optional(),
  status_notes: z.string().optional(),
  justification: z.string().optional(),
});

export const vexDocument = z.object({ "@context": z.string(), statements: z.array(statement) });

export const isVex = (data: unknown): boolean =>
  typeof data === "object" && data !== null && typeof (data as Record<string, unknown>)["@context"] === "string";

function status(s: z.infer<typeof statement>): AffectedStatus {
  if (s.status === "fixed") return "fixed";
  if (s.status === "not_affected") return "not_affected";
  if (s.status === "under_investigation") return "under_investigation";
  const text = `${s.action_statement ?? ""} ${s.status_notes ?? ""}`.toLowerCase();
  if (text.includes("no longer supported") || text.includes("end of life")) return "end_of_life";
  if (text.includes("deferred")) return "fix_deferred";
  if (text.includes("ignored") || text.includes("will not")) return "will_not_fix";
  return "affected";
}

interface SourcePurl { name: string; version: string; distro: string }

function sourcePurl(id: string): SourcePurl | undefined {
  const m = /^pkg:deb\/ubuntu\/([^@?]+)@([^?]+)\?(.*)$/.exec(id);
  if (!m?.[1] || !m[2]) return undefined;
  const q = new URLSearchParams(m[3]);
  const distro = q.get("distro");
  if (q.get("arch") !== "source" || !distro) return undefined;
  return { name: decodeURIComponent(m[1]), version: decodeURIComponent(m[2]), distro };
}

export function transformVex(data: unknown): AffectedPackage[] {
  const doc = safeParse(vexDocument, data);
  if (!doc.success) throw new MalformedRecord(`not an Ubuntu OpenVEX document: ${doc.error.issues[0]?.message ?? ""}`);
  const out: AffectedPackage[] = [];
  for (const s of doc.data.statements) {
    const st = status(s);
    for (const p of s.products) {
      const purl = sourcePurl(p["@id"]);
      const namespace = purl ? ubuntuNamespace(purl.distro) : undefined;
      if (!purl || !namespace) continue;
      const fixed = st === "fixed" ? [purl.version] : [];
      const row: AffectedPackage = {
        vulnerabilityId: `UBUNTU-${s.vulnerability.name}`, source: "ubuntu", namespace, packageName: purl.name, status: st,
        ranges: st === "not_affected" ? [] : [{ type: "ecosystem", scheme: "deb", events: [{ introduced: "0" }, ...fixed.map((f) => ({ fixed: f }))] }],
        versions: [], fixedVersions: fixed,
      };
      const note = s.action_statement ?? s.justification;
      if (note) row.notes = [note];
      out.push(row);
    }
  }
  return out;
}
