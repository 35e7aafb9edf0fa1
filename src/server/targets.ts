/**
 * Which targets a request may name. Registry references always; local paths (archives, OCI layouts) only
 * when the operator started the server with `allowLocalTargets` — a path names a file on the server's
 * disk. Directories (`rootfs:`, `fs:`), SBOM files and the engine (`daemon:`) are refused: the server
 * catalogs images, and its caches are keyed by digests it verified. A registry whose host is, or resolves to,
 * a non-public address (loopback, private, link-local, unique-local, multicast, unspecified; IPv4 inside IPv6
 * too) is refused unless listed in `allowRegistries` (--allow-registry and the configured registries). This is
 * the early answer; the workers' connections are checked again, pinned to the checked address
 * (src/image/registry/guard.ts), so a name that changes its address later is still refused.
 */
import { existsSync } from "node:fs";
import { DredgeError } from "../errors.js";
import { connectGuard, splitHostPort, type Resolver } from "../image/registry/index.js";
import { parsePrefix } from "../image/target.js";
import { parseReference, type ImageReference } from "../image/reference.js";

export interface TargetPolicy {
  allowLocalTargets: boolean;
  allowRegistries: readonly string[];
  /** How host names are resolved (tests inject one). Default: the system's. */
  resolver?: Resolver;
}

export interface AdmittedTarget {
  /** What the pipeline is given. */
  target: string;
  /** One active scan per key: the normalised reference, or the path. */
  dedupeKey: string;
  reference?: ImageReference;
}

const LOCAL_PREFIXES = /^(oci:|oci-archive:|docker-archive:)/;
const REFUSED_PREFIXES = /^(rootfs:|fs:|sbom:|daemon:|docker-daemon:)/;

const refused = (message: string, hint?: string) => new DredgeError("USAGE", message, hint ? { hint } : {});

export async function admitTarget(reference: string, policy: TargetPolicy): Promise<AdmittedTarget> {
  if (REFUSED_PREFIXES.test(reference)) throw refused(`"${reference}": the server scans images only (registry references or, when allowed, image archives)`);
  if (LOCAL_PREFIXES.test(reference) || reference.startsWith("/") || reference.startsWith(".") || existsSync(reference)) {
    if (!policy.allowLocalTargets) throw refused(`"${reference}" is a local path`, "start the server with --allow-local-targets to scan files on its disk");
    const spec = parsePrefix(reference);
    return { target: reference, dedupeKey: `local:${spec?.path ?? reference}${spec?.reference ? `:${spec.reference}` : ""}` };
  }
  const ref = parseReference(reference.replace(/^(registry:|docker:\/\/)/, ""));
  const guard = connectGuard({ allowed: () => policy.allowRegistries, ...(policy.resolver ? { resolver: policy.resolver } : {}) });
  const { host, port } = splitHostPort(ref.registry);
  if (await guard.refuses(host, port ?? 443)) {
    throw refused(`registry ${ref.registry} is on a private address`, "allow it with --allow-registry, or configure it through /api/v1/registries");
  }
  return { target: `registry:${ref.normalized}`, dedupeKey: `registry:${ref.normalized}`, reference: ref };
}
