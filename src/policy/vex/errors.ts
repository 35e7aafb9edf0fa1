import type { z } from "zod";
import { DredgeError } from "../../errors.js";

/** A DredgeError naming the VEX file and the JSON path of the first schema problem. */
export function vexSchemaError(file: string, what: string, error: z.ZodError): DredgeError {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  return new DredgeError("INVALID_CONFIG", `${file}: invalid ${what} document${path}: ${issue?.message ?? "invalid"}`, {
    hint: "see docs/policy.md for the supported VEX formats",
    details: { file, issues: error.issues.slice(0, 5) },
  });
}
