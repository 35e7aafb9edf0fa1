/** The `license` section of the config file: severity per licence class (validated with zod). */
import { z } from "zod";
import { DredgeError } from "../../errors.js";
import { severities } from "../../model/finding.js";
import { defaultLicenseSeverities, type LicenseSeverities } from "./classify.js";
import { safeParse } from "../../util/schema.js";

const level = z.enum(["none", ...severities] as [string, ...string[]]);

export const licenseConfigSchema = z.object({
  severities: z
    .object({
      permissive: level.optional(),
      "weak-copyleft": level.optional(),
      "strong-copyleft": level.optional(),
      "network-copyleft": level.optional(),
      unknown: level.optional(),
    })
    .strict()
    .default({}),
});

/** Severity per class: the defaults overridden by the config; `source` names the config file in errors. */
export function licenseSeverities(config: unknown = {}, source = "licence configuration"): LicenseSeverities {
  const parsed = safeParse(licenseConfigSchema, config ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DredgeError("INVALID_CONFIG", `${source}: licence settings ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`, {
      hint: "Classes: permissive, weak-copyleft, strong-copyleft, network-copyleft, unknown; levels: CRITICAL…UNKNOWN or none.",
    });
  }
  const out = { ...defaultLicenseSeverities };
  for (const [k, v] of Object.entries(parsed.data.severities)) if (v !== undefined) out[k as keyof LicenseSeverities] = v as LicenseSeverities[keyof LicenseSeverities];
  return out;
}
