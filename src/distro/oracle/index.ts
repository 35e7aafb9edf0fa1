/**
 * Oracle Linux: ELSA OVAL (the `oracle` feed) per major release, by binary rpm name and full EVR; a
 * record's ranges are narrowed to the package's CPU architecture, module stream and Ksplice-ness.
 */
import type { MatchedDistro } from "../types.js";
import { major, rpmVersion } from "../helpers.js";
import { narrowToBuild } from "../rpm-builds.js";
import { oracleEol } from "./eol.js";

export const oracle: MatchedDistro = {
  id: "oracle",
  families: [{ id: "oracle", osReleaseIds: ["ol"], aliases: ["oraclelinux"], eol: { key: "major", dates: oracleEol } }],
  packageType: "rpm",
  scheme: "rpm",
  // Oracle Linux 7's /etc/redhat-release says "Red Hat Enterprise Linux Server": its own file goes first.
  releaseFiles: [{ path: "/etc/oracle-release" }],
  releaseLines: [{ pattern: /^Oracle Linux Server release (\d+(?:\.\d+)*)/i, family: "oracle" }],
  purlVendors: [{ vendor: /oracle/i, namespace: "ol" }],
  namespaces: (os) => [`oracle:${major(os.name)}`],
  names: (p) => [p.name],
  version: rpmVersion,
  vendor: /Oracle/i,
  narrow: (record, pkg) => narrowToBuild(record, pkg, false),
  vendorSources: ["oracle"],
};
