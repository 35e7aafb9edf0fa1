/**
 * The per-registry option `referrers` (`/registries`): after a scan of an image of that registry, its SBOMs
 * and/or vulnerability report are pushed next to it as OCI referrers (src/scan/attach.ts), from the stored
 * inventory and the database in use. An artifact of the same type already attached by this Dredge version
 * (and, for a report, the same database build) is not pushed again, so rescans do not pile referrers up.
 * Failures are the caller's to log: the scan itself is done either way.
 */
import { DredgeError } from "../errors.js";
import { parseReference } from "../image/reference.js";
import { connectGuard, listReferrers, RegistryClient, type Resolver } from "../image/registry/index.js";
import { attachDocument, attachDocuments, type AttachedArtifact } from "../scan/attach.js";
import { Annotations } from "../scan/referrer-types.js";
import type { Logger } from "../util/log.js";
import { version } from "../version.js";
import type { Catalog } from "./catalog/catalog.js";
import type { RegistryStore } from "./catalog/registries.js";
import type { FindingsService } from "./findings.js";

export interface AttachDeps {
  registries: RegistryStore;
  catalog: Pick<Catalog, "getStoredInventory">;
  findings: Pick<FindingsService, "report">;
  logger: Logger;
  allowRegistries: readonly string[];
  resolver?: Resolver;
}

export async function attachAfterScan(deps: AttachDeps, target: string, digests: readonly string[]): Promise<AttachedArtifact[]> {
  if (!target.startsWith("registry:")) return [];
  const ref = parseReference(target.slice("registry:".length));
  const settings = await deps.registries.referrers(ref.registry);
  if (!settings || (settings.sbom.length === 0 && !settings.report)) return [];
  const access = await deps.registries.access();
  const allowed = [...deps.allowRegistries, ...access.keys()];
  const client = new RegistryClient({
    registry: ref.registry, logger: deps.logger, timeoutMs: 60_000,
    guard: connectGuard({ allowed: () => allowed, ...(deps.resolver ? { resolver: deps.resolver } : {}) }),
    access: (registry) => {
      const a = access.get(registry);
      if (a instanceof DredgeError) throw a;
      return a;
    },
  });
  const out: AttachedArtifact[] = [];
  try {
    for (const digest of digests) {
      const stored = await deps.catalog.getStoredInventory(digest);
      if (!stored) continue;
      const report = settings.report ? await deps.findings.report({ digest, storedAt: stored.storedAt }, stored.inventory, {}, false) : undefined;
      const m = await client.getManifest(ref.repository, digest);
      const subject = { mediaType: m.mediaType, digest: m.digest, size: m.bytes.length };
      const existing = (await listReferrers(client, ref.repository, digest)).referrers;
      for (const doc of await attachDocuments(stored.inventory, settings, report)) {
        const same = existing.some((d) => d.artifactType === doc.artifactType && d.annotations?.[Annotations.version] === version()
          && d.annotations?.[Annotations.dbBuilt] === doc.annotations?.[Annotations.dbBuilt]);
        if (!same) out.push(await attachDocument(client, ref.repository, subject, doc));
      }
    }
  } finally {
    await client.close();
  }
  if (out.length) deps.logger.info("scan results attached as referrers", { target, artifacts: out.map((a) => `${a.kind} ${a.digest} (${a.via})`) });
  return out;
}
