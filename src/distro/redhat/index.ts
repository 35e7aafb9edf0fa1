/** RHEL, UBI and CentOS: Red Hat's CSAF VEX per major release, by binary rpm name and full EVR. */
import type { DistroSpec } from "../types.js";
import { major, rpmVersion } from "../types.js";

export const redhat: DistroSpec = {
  families: ["redhat", "centos"],
  packageType: "rpm",
  scheme: "rpm",
  namespaces: (os) => [`redhat:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Red Hat|CentOS/i,
  vendorSources: ["redhat"],
};
