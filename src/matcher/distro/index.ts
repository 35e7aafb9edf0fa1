/** The distros Dredge matches: those of src/distro/registry.ts with advisories (a `MatchSpec`). */
import { distroOf, distros as allDistros, isMatched } from "../../distro/index.js";
import type { MatchedDistro } from "../../distro/types.js";
import type { OSInfo } from "../../model/package.js";

export const distros: readonly MatchedDistro[] = allDistros.filter(isMatched);

export function distroFor(os: OSInfo | undefined): MatchedDistro | undefined {
  const distro = os ? distroOf(os.family) : undefined;
  return distro && isMatched(distro) ? distro : undefined;
}

export type { MatchedDistro as DistroSpec };
