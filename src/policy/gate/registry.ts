/** The explicit list of policy gates, one line each. */
import { licensesGate } from "./licenses.js";
import { imageConfigGate } from "./image-config.js";
import { metadataGate } from "./metadata.js";
import { misconfigGate, secretsGate } from "./findings.js";
import { packagesGate } from "./packages.js";
import type { Gate } from "./types.js";
import { vulnerabilitiesGate } from "./vulnerabilities.js";

export const gates: readonly Gate[] = [
  vulnerabilitiesGate,
  packagesGate,
  imageConfigGate,
  misconfigGate,
  secretsGate,
  licensesGate,
  metadataGate,
];

export const gateNames: readonly string[] = gates.map((g) => g.name);

export function gateNamed(name: string): Gate | undefined {
  return gates.find((g) => g.name === name);
}
