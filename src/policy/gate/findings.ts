/** Gates `misconfig` (Dockerfile, image and Kubernetes checks Dredge runs, by id) and `secrets` (secrets found in the image). */
import { z } from "zod";
import { anyOf, liveMisconfigs, liveSecrets, patterns, severityField, severityRank } from "./common.js";
import { trigger, type Gate } from "./types.js";

const filter = { minSeverity: severityField.optional() };

export const misconfigGate: Gate = {
  name: "misconfig",
  description: "misconfiguration checks (`dredge` --scanners misconfig: DRG-IMG-*, DRG-DF-*, DRG-K8S-*)",
  needs: "misconfig",
  triggers: {
    check: trigger({
      description: "a failed check whose id matches one of `ids` (wildcards; default every check), optionally of at least `minSeverity`",
      params: z.strictObject({ ids: patterns.optional(), ...filter }),
      evaluate: (p, s) => {
        if (!s.scanned.has("misconfig")) return { skipped: "the misconfiguration scanner did not run" };
        const m = anyOf(p.ids ?? ["*"]);
        const hits = liveMisconfigs(s)
          .filter((f) => m(f.id) && (!p.minSeverity || severityRank(f.severity) >= severityRank(p.minSeverity)))
          .map((f) => ({ message: `${f.id} (${f.severity})${f.location?.path ? ` in ${f.location.path}` : ""}: ${f.message || f.title}`, findingId: f.id }));
        return { hits };
      },
    }),
  },
};

export const secretsGate: Gate = {
  name: "secrets",
  description: "secrets found in the image's files and config",
  needs: "secret",
  triggers: {
    found: trigger({
      description: "a secret whose rule id matches one of `ruleIds` (wildcards; default every rule), optionally of at least `minSeverity`",
      params: z.strictObject({ ruleIds: patterns.optional(), ...filter }),
      evaluate: (p, s) => {
        if (!s.scanned.has("secret")) return { skipped: "the secret scanner did not run" };
        const m = anyOf(p.ruleIds ?? ["*"]);
        const hits = liveSecrets(s)
          .filter((f) => m(f.ruleId) && (!p.minSeverity || severityRank(f.severity) >= severityRank(p.minSeverity)))
          .map((f) => ({ message: `${f.ruleId} (${f.severity}) in ${f.path}${f.startLine ? `:${f.startLine}` : ""}`, findingId: f.ruleId }));
        return { hits };
      },
    }),
  },
};
