/**
 * Writing a whole rendered report to a stream; resolves once the stream accepted the bytes. A reader that
 * went away (EPIPE: `dredge … | head`) is not a failure of the report.
 */
import { DredgeError, errorMessage } from "../../errors.js";

export function writeText(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err?: Error | null) => {
      if (err && (err as NodeJS.ErrnoException).code === "EPIPE") resolve();
      else if (err) reject(new DredgeError("IO_ERROR", `cannot write report: ${errorMessage(err)}`, { cause: err }));
      else resolve();
    });
  });
}

/** JSON with two-space indentation and a final newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
