/** Which SBOM format a file holds: from its first bytes (sniff) and from the parsed JSON. */

export type SbomFormat = "cyclonedx-json" | "spdx-json" | "in-toto" | "spdx-tag-value" | "cyclonedx-xml";

/** How many leading bytes `isSbomFile` wants to see. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Format from the head of a file, or undefined. JSON keys may come in any order (Trivy's SPDX puts
 * `spdxVersion` last), so the SPDX test also accepts the document's `"SPDXID": "SPDXRef-DOCUMENT"`.
 */
export function sniffFormat(head: Buffer): SbomFormat | undefined {
  const text = head.subarray(0, SNIFF_BYTES).toString("utf8").replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (start.startsWith("{")) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(text)) return "cyclonedx-json";
    if (/"spdxVersion"\s*:\s*"SPDX-2\.\d+"/.test(text) || /"SPDXID"\s*:\s*"SPDXRef-DOCUMENT"/.test(text)) return "spdx-json";
    if (/"payloadType"\s*:\s*"application\/vnd\.in-toto\+json"/.test(text) || /"_type"\s*:\s*"https:\/\/in-toto\.io\/Statement/.test(text)) {
      return "in-toto";
    }
    return undefined;
  }
  // any SPDXVersion: the reader refuses versions other than 2.x with a clear message
  if (/^[ \t]*SPDXVersion:/m.test(start.slice(0, 4096))) return "spdx-tag-value";
  if (start.startsWith("<") && /<bom\b[^>]*cyclonedx\.org\/schema\/bom/.test(start.slice(0, 4096))) return "cyclonedx-xml";
  return undefined;
}

/**
 * True when the head of a file looks like an SBOM that `readSbom` handles — or rejects with a clear
 * error (CycloneDX XML: "unsupported SBOM format … use JSON"; SPDX tag-value of a version other than 2.x).
 */
export function isSbomFile(head: Buffer): boolean {
  return sniffFormat(head) !== undefined;
}

/** Format of a parsed JSON value, or undefined. */
export function jsonFormat(doc: unknown): SbomFormat | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if (d.bomFormat === "CycloneDX") return "cyclonedx-json";
  if (typeof d.spdxVersion === "string" && /^SPDX-2\.\d+$/.test(d.spdxVersion)) return "spdx-json";
  if (d.payloadType === "application/vnd.in-toto+json" || (typeof d._type === "string" && d._type.startsWith("https://in-toto.io/Statement"))) {
    return "in-toto";
  }
  return undefined;
}
