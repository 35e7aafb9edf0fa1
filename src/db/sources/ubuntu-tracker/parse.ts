/**
 * Ubuntu CVE Tracker entries (ubuntu-cve-tracker `active/CVE-…`, `retired/CVE-…`): RFC-822-like text.
 * `Key: value` lines, continuation lines start with a space; per source package, lines
 * `<release>_<srcpkg>: <status> [(detail)]` where the release may hold a slash (`trusty/esm`,
 * `esm-apps/focal`); `Priority_<pkg>:` overrides `Priority:` for one package. Bounded: 1 MiB, 20,000 lines.
 */
export const MAX_ENTRY_BYTES = 1024 * 1024;
const MAX_LINES = 20_000;

export interface TrackerStatus {
  release: string;
  pkg: string;
  status: string;
  detail?: string;
}

export interface TrackerEntry {
  candidate: string;
  publicDate?: string;
  description?: string;
  priority?: string;
  packagePriority: Map<string, string>;
  references: string[];
  /** `nvd: CVSS:3.1/AV:…` lines of the CVSS block. */
  cvss: { source: string; vector: string }[];
  statuses: TrackerStatus[];
}

const STATUS_LINE = /^([a-z][a-z0-9-]*(?:\/[a-z][a-z0-9-]*)?)_([a-z0-9][a-z0-9+.-]*): *([A-Za-z-]+)(?: *\((.*)\))?\s*$/;

export function parseTrackerEntry(text: string): TrackerEntry {
  if (text.length > MAX_ENTRY_BYTES) throw new Error(`entry larger than ${MAX_ENTRY_BYTES} bytes`);
  const lines = text.split("\n");
  if (lines.length > MAX_LINES) throw new Error(`entry longer than ${MAX_LINES} lines`);
  const fields = new Map<string, string[]>();
  const statuses: TrackerStatus[] = [];
  let current: string[] | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, "");
    if (line.startsWith("#")) continue;
    if (/^\s/.test(line)) {
      if (current && line.trim()) current.push(line.trim());
      continue;
    }
    if (!line.trim()) {
      current = undefined;
      continue;
    }
    const st = STATUS_LINE.exec(line);
    if (st && !/^(Patches|Priority|Tags)$/i.test(st[1]!)) {
      statuses.push({ release: st[1]!, pkg: st[2]!, status: st[3]!, ...(st[4]?.trim() ? { detail: st[4].trim() } : {}) });
      current = undefined;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    current = value ? [value] : [];
    fields.set(key, current);
  }
  const one = (k: string) => fields.get(k)?.join(" ").trim() || undefined;
  const candidate = one("Candidate");
  if (!candidate) throw new Error("no Candidate: line");
  const packagePriority = new Map<string, string>();
  for (const [k, v] of fields) if (k.startsWith("Priority_") && v[0]) packagePriority.set(k.slice("Priority_".length), v[0]);
  const cvss = (fields.get("CVSS") ?? []).flatMap((l) => {
    const m = /^([\w-]+): *(CVSS:\S+|AV:\S+)/.exec(l);
    return m ? [{ source: m[1]!, vector: m[2]! }] : [];
  });
  const description = fields.get("Description")?.join(" ").trim();
  return {
    candidate, packagePriority, statuses, cvss,
    references: (fields.get("References") ?? []).filter((r) => /^https?:\/\//.test(r)),
    ...(one("PublicDate") ? { publicDate: one("PublicDate") } : {}),
    ...(description ? { description } : {}),
    ...(one("Priority") ? { priority: one("Priority") } : {}),
  };
}
