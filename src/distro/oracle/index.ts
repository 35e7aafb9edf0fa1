/** Oracle Linux: detected, with its end of life; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { oracleEol } from "./eol.js";

export const oracle: DistroSpec = {
  id: "oracle",
  families: [{ id: "oracle", osReleaseIds: ["ol"], aliases: ["oraclelinux"], eol: { key: "major", dates: oracleEol } }],
  packageType: "rpm",
  scheme: "rpm",
  // Oracle Linux 7's /etc/redhat-release says "Red Hat Enterprise Linux Server": its own file goes first.
  releaseFiles: [{ path: "/etc/oracle-release" }],
  releaseLines: [{ pattern: /^Oracle Linux Server release (\d+(?:\.\d+)*)/i, family: "oracle" }],
  purlVendors: [{ vendor: /oracle/i, namespace: "ol" }],
};
