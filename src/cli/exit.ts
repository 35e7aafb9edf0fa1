/** Exit codes and error output: the CLI's job alone. */
import { isDredgeError } from "../errors.js";

/** 0: success. `--exit-code N`: findings remain (scan commands). ERROR: anything went wrong. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 2;

export function formatError(err: unknown, debug: boolean): string {
  if (isDredgeError(err)) {
    const lines = [`error: ${err.message}`];
    if (err.hint) lines.push(`hint: ${err.hint}`);
    if (debug) {
      lines.push(`code: ${err.code}`);
      if (err.details) lines.push(`details: ${JSON.stringify(err.details)}`);
      if (err.stack) lines.push(err.stack);
      if (err.cause instanceof Error && err.cause.stack) lines.push(`cause: ${err.cause.stack}`);
    }
    return lines.join("\n");
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const lines = [`error: internal error: ${e.message}`];
  lines.push(debug ? (e.stack ?? "") : "hint: this is a bug in Dredge; run again with --debug and report the output");
  return lines.join("\n");
}
