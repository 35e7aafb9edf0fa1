/** Image misconfiguration rules: config + history + final file list → findings. */
import type { MisconfigFinding } from "../../../model/finding.js";
import { runRules } from "../types.js";
import { baseNotPinned, baseTagOnly, noHealthcheck, rootUser, secretInConfig, sensitivePortExposed } from "./rules-config.js";
import { buildToolsLeft, cachesLeft, setuidAdded, sshServer, sudoInstalled, worldWritable } from "./rules-files.js";
import { curlPipeShell, remoteAdd } from "./rules-history.js";
import type { ImageRule, ImageScanInput } from "./types.js";

export type { ImageFileEntry, ImageRule, ImageScanInput } from "./types.js";
export { imageFileEntries } from "./files.js";
export { historyInstructions, parseCreatedBy, type HistoryInstruction } from "./history.js";

export const imageRules: readonly ImageRule[] = [
  rootUser, baseNotPinned, remoteAdd, curlPipeShell, cachesLeft, buildToolsLeft, sudoInstalled,
  sensitivePortExposed, secretInConfig, noHealthcheck, setuidAdded, worldWritable, sshServer, baseTagOnly,
];

export function scanImageMisconfig(input: ImageScanInput, rules: readonly ImageRule[] = imageRules): MisconfigFinding[] {
  return runRules(rules, input);
}
