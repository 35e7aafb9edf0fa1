/** Java `.properties` (as Maven writes pom.properties: `k=v`, `k:v`, `k v`, `#`/`!` comments) and MANIFEST.MF. */

export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m?.[1]) out.set(m[1], (m[2] ?? "").trim());
  }
  return out;
}

/** pom.properties → coordinates, or undefined when one is missing or implausible. */
export function pomCoordinates(text: string): { group: string; artifact: string; version: string } | undefined {
  const p = parseProperties(text);
  const [group, artifact, version] = [p.get("groupId"), p.get("artifactId"), p.get("version")];
  const ok = (s: string | undefined): s is string => s !== undefined && /^[^\s/]{1,200}$/.test(s);
  return ok(group) && ok(artifact) && ok(version) ? { group, artifact, version } : undefined;
}

/** Main section of a JAR manifest: `Name: value` with 1-space continuation lines. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === "") break;
    if (line.startsWith(" ") && last !== undefined) {
      out.set(last, (out.get(last) ?? "") + line.slice(1));
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim();
    out.set(last, line.slice(colon + 1).trim());
  }
  return out;
}
