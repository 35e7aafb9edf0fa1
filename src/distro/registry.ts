/**
 * Every distribution Dredge knows, one line each (a new one: its folder + one line here). The order is
 * the order release files are tried in (a distro's own files, then the shared ones) and the order of the
 * OSV ecosystems `dredge db build --source osv` fetches.
 */
import { alma } from "./alma/index.js";
import { alpine } from "./alpine/index.js";
import { amazon } from "./amazon/index.js";
import { chainguard } from "./chainguard/index.js";
import { debian } from "./debian/index.js";
import { fedora } from "./fedora/index.js";
import { mageia } from "./mageia/index.js";
import { mariner } from "./mariner/index.js";
import { oracle } from "./oracle/index.js";
import { photon } from "./photon/index.js";
import { redhat } from "./redhat/index.js";
import { rocky } from "./rocky/index.js";
import { suse } from "./suse/index.js";
import type { DistroSpec } from "./types.js";
import { ubuntu } from "./ubuntu/index.js";
import { wolfi } from "./wolfi/index.js";

export const distros: readonly DistroSpec[] = [
  debian,
  ubuntu,
  alpine,
  alma,
  rocky,
  suse,
  redhat,
  mageia,
  oracle,
  fedora,
  amazon,
  photon,
  mariner,
  wolfi,
  chainguard,
];
