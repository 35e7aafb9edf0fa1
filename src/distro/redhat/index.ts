/** RHEL, UBI and CentOS: Red Hat's CSAF VEX per major release, by binary rpm name and full EVR. */
import type { MatchedDistro } from "../types.js";
import { major, rpmVersion } from "../helpers.js";
import { centosEol, centosStreamEol } from "./centos-eol.js";
import { redhatEol } from "./eol.js";

export const redhat: MatchedDistro = {
  id: "redhat",
  families: [
    { id: "redhat", osReleaseIds: ["rhel"], aliases: ["red hat enterprise linux"], eol: { key: "major", dates: redhatEol }, purlNamespace: "redhat" },
    {
      id: "centos",
      osReleaseIds: ["centos"],
      eol: { key: "major", dates: centosEol },
      variant: { id: "centos-stream", test: /stream/i, eol: { key: "major", dates: centosStreamEol } },
    },
  ],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/centos-release" }, { path: "/etc/redhat-release", shared: true }],
  releaseLines: [
    { pattern: /^Red Hat Enterprise Linux\b.*?release (\d+(?:\.\d+)*)/i, family: "redhat" },
    { pattern: /^CentOS\b.*?release (\d+(?:\.\d+)*)/i, family: "centos" },
  ],
  purlVendors: [{ vendor: /red hat/i, namespace: "redhat" }, { vendor: /centos/i, namespace: "centos" }],
  // OSV's Red Hat records name products (`Red Hat:enterprise_linux:9`); the `redhat` feed writes `redhat:<major>`.
  ecosystems: [{ osv: "Red Hat", namespace: "redhat" }],
  namespaces: (os) => [`redhat:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Red Hat|CentOS/i,
  vendorSources: ["redhat"],
};
