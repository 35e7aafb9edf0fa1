/** The distros Dredge matches, one line each. A new distro: one file here + one line. */
import type { OSInfo } from "../../model/package.js";
import { alma } from "./alma.js";
import { alpine } from "./alpine.js";
import { debian } from "./debian.js";
import { redhat } from "./redhat.js";
import { rocky } from "./rocky.js";
import type { DistroSpec } from "./spec.js";
import { suse } from "./suse.js";
import { ubuntu } from "./ubuntu.js";

export const distros: readonly DistroSpec[] = [debian, ubuntu, alpine, redhat, alma, rocky, suse];

export function distroFor(os: OSInfo | undefined): DistroSpec | undefined {
  return os ? distros.find((d) => d.families.includes(os.family)) : undefined;
}

export type { DistroSpec };
