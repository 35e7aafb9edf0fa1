/** Alpine releases: /etc/alpine-release (the patch release), secdb and OSV branch names. */
import type { OSInfo } from "../../model/package.js";
import { majorMinor } from "../helpers.js";
import { firstLine } from "../os-release.js";
import type { FileAnswer, ReadFile, ReleaseFacts } from "../types.js";
import { APK_REPOSITORIES } from "./repositories.js";

export const ALPINE_RELEASE = "/etc/alpine-release";

/** `v3.16` → `3.16`, `edge` stays `edge`. */
export function alpineRelease(branch: string): string {
  return branch.trim().toLowerCase().replace(/^v/, "");
}

export function parseAlpineRelease(text: string): ReleaseFacts | undefined {
  const release = firstLine(text);
  return release ? { family: "alpine", name: release } : undefined;
}

/** os-release says `3.16`, sometimes `3.16.2`: alpine-release always has the patch release. */
export function refineAlpine(facts: ReleaseFacts, read: ReadFile): void {
  const release = firstLine(read(ALPINE_RELEASE) ?? "");
  if (/^\d+\.\d+/.test(release)) facts.name = release;
}

/** The same over the per-file answers, plus the branch /etc/apk/repositories installs from when it differs. */
export function refineAlpineAnswers(os: OSInfo, answer: FileAnswer): void {
  const release = answer(ALPINE_RELEASE);
  if (release?.family === "alpine" && /^\d+\.\d+/.test(release.name)) os.name = release.name;
  const branch = answer(APK_REPOSITORIES)?.name;
  if (branch && branch !== majorMinor(os.name)) os.repository = branch;
}
