/** The distros Dredge matches, one line each. A new distro: one file here + one line. */
import type { OSInfo } from "../../model/package.js";
import { alma } from "../../distro/alma/index.js";
import { alpine } from "../../distro/alpine/index.js";
import { debian } from "../../distro/debian/index.js";
import { redhat } from "../../distro/redhat/index.js";
import { rocky } from "../../distro/rocky/index.js";
import type { DistroSpec } from "../../distro/types.js";
import { suse } from "../../distro/suse/index.js";
import { ubuntu } from "../../distro/ubuntu/index.js";

export const distros: readonly DistroSpec[] = [debian, ubuntu, alpine, redhat, alma, rocky, suse];

export function distroFor(os: OSInfo | undefined): DistroSpec | undefined {
  return os ? distros.find((d) => d.families.includes(os.family)) : undefined;
}

export type { DistroSpec };
