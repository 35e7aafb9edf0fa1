/**
 * The image name a policy sees (mappings, the `latest` trigger): the registry reference scanned, else the
 * first repo tag (archives, engine images), else the SBOM's or directory's name as the repository.
 */
import { parseReference } from "../image/reference.js";
import type { ScanReport } from "../model/finding.js";
import type { ImageName } from "./gate/types.js";

const refSources = new Set(["registry", "daemon", "docker-archive", "oci-archive", "oci-layout", "sbom"]);

function tryParse(text: string | undefined): ImageName | undefined {
  if (!text) return undefined;
  try {
    const r = parseReference(text.replace(/^daemon:/, ""));
    return { registry: r.registry, repository: r.repository, ...(r.tag ? { tag: r.tag } : {}), ...(r.digest ? { digest: r.digest } : {}) };
  } catch {
    return undefined;
  }
}

export function imageNameOf(artifact: Pick<ScanReport["artifact"], "name" | "type" | "repoTags" | "manifestDigest">): ImageName {
  const named = artifact.type === "registry" || artifact.type === "daemon" ? tryParse(artifact.name) : undefined;
  const parsed = named ?? (refSources.has(artifact.type) ? tryParse(artifact.repoTags[0]) : undefined);
  if (parsed) return { ...parsed, ...(artifact.manifestDigest && !parsed.digest ? { digest: artifact.manifestDigest } : {}) };
  return { registry: "", repository: artifact.name, ...(artifact.manifestDigest ? { digest: artifact.manifestDigest } : {}) };
}
