/** Platform strings (`linux/arm64/v8`), the host's platform, and choosing manifests from an index. */
import { DredgeError } from "../errors.js";
import type { Platform } from "../model/image.js";
import type { Descriptor } from "./manifest.js";

const archMap: Record<string, string> = { x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

export function hostPlatform(): Platform {
  const arch = archMap[process.arch] ?? process.arch;
  return arch === "arm64" ? { os: "linux", architecture: arch, variant: "v8" } : { os: "linux", architecture: arch };
}

export function parsePlatform(text: string): Platform {
  const parts = text.trim().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) {
    throw new DredgeError("USAGE", `invalid platform "${text}"`, { hint: "use os/arch[/variant], e.g. linux/arm64/v8, or all" });
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** Variants an unspecified variant defaults to (arm64 → v8, arm → v7). */
function normaliseVariant(p: Platform): string | undefined {
  if (p.variant) return p.variant;
  if (p.architecture === "arm64") return "v8";
  if (p.architecture === "arm") return "v7";
  return undefined;
}

export function platformMatches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false;
  if (!want.variant) return true;
  return normaliseVariant(want) === normaliseVariant(have);
}

/** Image manifests of an index that are real platforms (not attestations or unknown/unknown). */
export function platformManifests(manifests: readonly Descriptor[]): Descriptor[] {
  return manifests.filter(
    (d) => d.platform && d.platform.os !== "unknown" && d.annotations?.["vnd.docker.reference.type"] !== "attestation-manifest",
  );
}

/**
 * Choose the manifests of an index for `--platform` (`all`, `os/arch[/variant]`, or undefined = host).
 * When nothing matches, the error lists what the index offers.
 */
export function selectManifests(manifests: readonly Descriptor[], wanted: string | undefined, where: string): Descriptor[] {
  const candidates = platformManifests(manifests);
  if (wanted === "all") {
    if (candidates.length > 0) return candidates;
    return manifests.slice();
  }
  const want = wanted ? parsePlatform(wanted) : hostPlatform();
  const found = candidates.find((d) => platformMatches(want, d.platform as Platform));
  if (found) return [found];
  if (candidates.length === 0 && manifests.length === 1 && !wanted) return manifests.slice();
  const offered = candidates.map((d) => formatPlatform(d.platform as Platform));
  throw new DredgeError("PLATFORM_NOT_FOUND", `${where}: no image for platform ${formatPlatform(want)}`, {
    hint: offered.length ? `the index offers: ${offered.join(", ")} (use --platform, or --platform all)` : "the index lists no platforms",
  });
}
