/**
 * One ALAS advisory, from either upstream shape: a yum `updateinfo.xml` `<update>` element (the vendor's
 * own, served by the Amazon Linux repositories) or aquasecurity/vuln-list's JSON conversion of it
 * (lower-case keys, `cveids`). Both become `AlasAdvisory`; ./index.ts turns that into rows.
 */
import { z } from "zod";
import { attr, child, childText, children, text, type XmlNode } from "../xml.js";
import { safeParse } from "../../../util/schema.js";

export interface AlasPackage {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch?: string;
}

export interface AlasAdvisory {
  id: string;
  title?: string;
  description?: string;
  /** As the vendor wrote it (`medium`, `Important`). */
  severity?: string;
  issued?: string;
  updated?: string;
  cves: string[];
  references: { url: string; type?: string }[];
  packages: AlasPackage[];
}

const CVE = /^CVE-\d{4}-\d+$/;

/** `ALAS-…` (Amazon Linux 1), `ALAS2-…`, `ALAS2KERNEL-5.15-…` (2), `ALAS2022-…`, `ALAS2023…-…`. */
export function alasRelease(id: string): string | undefined {
  const m = /^ALAS(2023|2022|2)?(?=[A-Z-])/.exec(id);
  if (!m) return undefined;
  return m[1] ?? "1";
}

/** `2023-02-17 20:41:00`, `2011-09-27 22:46` → ISO 8601 (UTC, as ALAS dates are). */
export function alasDate(value: string | undefined): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::(\d{2}))?)?/.exec(value?.trim() ?? "");
  if (!m) return undefined;
  return `${m[1]}T${m[2] ?? "00:00"}:${m[3] ?? "00"}Z`;
}

export function advisoryFromXml(update: XmlNode): AlasAdvisory | undefined {
  const id = childText(update, "id");
  if (!id) return undefined;
  const refs = children(child(update, "references"), "reference");
  const packages: AlasPackage[] = [];
  for (const coll of children(child(update, "pkglist"), "collection")) {
    for (const p of children(coll, "package")) {
      const name = attr(p, "name");
      const version = attr(p, "version");
      const release = attr(p, "release");
      if (!name || !version || !release) continue;
      packages.push({ name, epoch: attr(p, "epoch") ?? "0", version, release, ...(attr(p, "arch") ? { arch: attr(p, "arch")! } : {}) });
    }
  }
  const adv: AlasAdvisory = {
    id,
    cves: refs.filter((r) => attr(r, "type") === "cve").map((r) => attr(r, "id") ?? "").filter((c) => CVE.test(c)),
    references: refs.flatMap((r) => (attr(r, "href") ? [{ url: attr(r, "href")!, ...(attr(r, "type") ? { type: attr(r, "type")! } : {}) }] : [])),
    packages,
  };
  const title = childText(update, "title");
  const description = text(child(update, "description"));
  const severity = childText(update, "severity");
  const issued = alasDate(attr(child(update, "issued"), "date"));
  const updated = alasDate(attr(child(update, "updated"), "date"));
  if (title) adv.title = title;
  if (description) adv.description = description;
  if (severity) adv.severity = severity;
  if (issued) adv.issued = issued;
  if (updated) adv.updated = updated;
  return adv;
}

const jsonSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
  issued: z.object({ date: z.string() }).partial().optional(),
  updated: z.object({ date: z.string() }).partial().optional(),
  cveids: z.array(z.string()).nullish(),
  references: z.array(z.object({ href: z.string().optional(), id: z.string().optional(), type: z.string().optional() })).nullish(),
  packages: z.array(z.object({
    name: z.string().min(1), epoch: z.string().optional(), version: z.string().min(1), release: z.string().min(1), arch: z.string().optional(),
  })).max(100_000).nullish(),
});

/** vuln-list's JSON shape; undefined when the data is not an ALAS record. */
export function advisoryFromJson(data: unknown): AlasAdvisory | undefined {
  const parsed = safeParse(jsonSchema, data);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  const refs = d.references ?? [];
  const cves = new Set([...(d.cveids ?? []), ...refs.filter((r) => r.type === "cve").map((r) => r.id ?? "")].filter((c) => CVE.test(c)));
  const adv: AlasAdvisory = {
    id: d.id,
    cves: [...cves],
    references: refs.flatMap((r) => (r.href ? [{ url: r.href, ...(r.type ? { type: r.type } : {}) }] : [])),
    packages: (d.packages ?? []).map((p) => ({ name: p.name, epoch: p.epoch ?? "0", version: p.version, release: p.release, ...(p.arch ? { arch: p.arch } : {}) })),
  };
  if (d.title) adv.title = d.title;
  if (d.description) adv.description = d.description;
  if (d.severity) adv.severity = d.severity;
  const issued = alasDate(d.issued?.date);
  const updated = alasDate(d.updated?.date);
  if (issued) adv.issued = issued;
  if (updated) adv.updated = updated;
  return adv;
}
