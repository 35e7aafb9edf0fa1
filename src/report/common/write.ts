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

/**
 * `jsonText(value)` in pieces: a big document (an SBOM of 15,000 components is 20 MB of text) is written
 * without ever being one string. Plain arrays and objects down to `depth` are opened here; deeper values,
 * and any value with a `toJSON`, are stringified whole. The pieces joined equal `jsonText(value)`.
 */
export function* jsonChunks(value: unknown, depth = 2, indent = ""): Generator<string> {
  const open = depth > 0 && value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
  if (!open) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    yield indent ? text.replaceAll("\n", `\n${indent}`) : text;
  } else if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    const inner = `${indent}  `;
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      const v: unknown = value[i];
      yield* jsonChunks(v === undefined || typeof v === "function" || typeof v === "symbol" ? null : v, depth - 1, inner);
    }
    yield `\n${indent}]`;
  } else {
    const inner = `${indent}  `;
    let first = true;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      yield `${first ? "{" : ","}\n${inner}${JSON.stringify(k)}: `;
      first = false;
      yield* jsonChunks(v, depth - 1, inner);
    }
    yield first ? "{}" : `\n${indent}}`;
  }
}
