/**
 * Which targets a request may name. Registry references always; local paths (archives, OCI layouts) only
 * when the operator started the server with `allowLocalTargets` — a path names a file on the server's
 * disk. Directories (`rootfs:`, `fs:`), SBOM files and the engine (`daemon:`) are refused: the server
 * catalogs images, and its caches are keyed by digests it verified. A registry on a loopback, private or
 * link-local address written literally is refused unless listed in `allowRegistries` (a first SSRF guard:
 * names that resolve to such addresses are not checked yet).
 */
import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { DredgeError } from "../errors.js";
import { parsePrefix } from "../image/target.js";
import { parseReference, type ImageReference } from "../image/reference.js";

export interface TargetPolicy {
  allowLocalTargets: boolean;
  allowRegistries: readonly string[];
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

export function admitTarget(reference: string, policy: TargetPolicy): AdmittedTarget {
  if (REFUSED_PREFIXES.test(reference)) throw refused(`"${reference}": the server scans images only (registry references or, when allowed, image archives)`);
  if (LOCAL_PREFIXES.test(reference) || reference.startsWith("/") || reference.startsWith(".") || existsSync(reference)) {
    if (!policy.allowLocalTargets) throw refused(`"${reference}" is a local path`, "start the server with --allow-local-targets to scan files on its disk");
    const spec = parsePrefix(reference);
    return { target: reference, dedupeKey: `local:${spec?.path ?? reference}${spec?.reference ? `:${spec.reference}` : ""}` };
  }
  const ref = parseReference(reference.replace(/^(registry:|docker:\/\/)/, ""));
  if (isPrivateHost(ref.registry) && !policy.allowRegistries.includes(ref.registry)) {
    throw refused(`registry ${ref.registry} is on a private address`, "allow it with --allow-registry");
  }
  return { target: `registry:${ref.normalized}`, dedupeKey: `registry:${ref.normalized}`, reference: ref };
}

function isPrivateHost(registry: string): boolean {
  const host = registry.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const kind = isIP(host);
  if (kind === 4) return /^(127\.|10\.|192\.168\.|169\.254\.|0\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
  if (kind === 6) return host === "::1" || host === "::" || /^(fc|fd|fe8|fe9|fea|feb)/.test(host) || host.startsWith("::ffff:");
  return false;
}
