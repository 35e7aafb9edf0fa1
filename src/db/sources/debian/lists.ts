/**
 * DSA/DLA lists (security-tracker `data/DSA/list`, `data/DLA/list`):
 *   [29 Mar 2023] DSA-5380-1 xorg-server - security update
 *   \t{CVE-2023-1393}
 *   \t[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 * Parsed into `codename|package|CVE` → advisory ids.
 */
export type AdvisoryIndex = Map<string, string[]>;

export const advisoryKey = (codename: string, pkg: string, cve: string): string => `${codename}|${pkg}|${cve}`;

export function parseAdvisoryList(text: string, into: AdvisoryIndex = new Map()): AdvisoryIndex {
  let id: string | undefined;
  let cves: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const head = /^\[[^\]]+\]\s+(D[SL]A-\d+(?:-\d+)?)\s/.exec(line);
    if (head) {
      id = head[1];
      cves = [];
      continue;
    }
    if (!id) continue;
    const ids = /^\s+\{([^}]*)\}/.exec(line);
    if (ids) {
      cves = (ids[1] ?? "").split(/\s+/).filter(Boolean);
      continue;
    }
    const rel = /^\s+\[([a-z-]+)\]\s+-\s+(\S+)/.exec(line);
    if (rel?.[1] && rel[2]) {
      for (const cve of cves) {
        const key = advisoryKey(rel[1], rel[2], cve);
        const list = into.get(key) ?? [];
        if (!list.includes(id)) list.push(id);
        into.set(key, list);
      }
    }
  }
  return into;
}
