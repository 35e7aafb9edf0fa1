/** Amazon Linux 1, 2 and 2023: detected, with their end of life; no advisories yet. */
import type { DistroSpec } from "../types.js";
import { major } from "../helpers.js";
import { amazonEol } from "./eol.js";

/** Amazon Linux 1 calls itself 2017.09, 2018.03…; its advisories (ALAS) say "1". Others: the major release. */
export function amazonRelease(version: string): string {
  return /^20(1[0-9])\.\d+/.test(version) ? "1" : major(version);
}

export const amazon: DistroSpec = {
  id: "amazon",
  families: [{
    id: "amazon",
    osReleaseIds: ["amzn"],
    aliases: ["amazonlinux", "amazon linux"],
    eol: { key: "exact", dates: amazonEol },
    release: amazonRelease,
  }],
  packageType: "rpm",
  scheme: "rpm",
  releaseFiles: [{ path: "/etc/system-release", shared: true }],
  releaseLines: [
    { pattern: /^Amazon Linux AMI release (\d+(?:\.\d+)*)/i, family: "amazon" },
    { pattern: /^Amazon Linux release (\d+)/i, family: "amazon" },
  ],
  purlVendors: [{ vendor: /amazon/i, namespace: "amzn" }],
};
