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
 * An array made element by element while it is written: `jsonChunks` asks for the elements one at a time, so a
 * big document's array (15,000 SBOM components) never exists whole; `JSON.stringify` gets the whole array
 * (toJSON) and writes the same text. Each iteration makes the elements again.
 */
export class LazyJsonArray<T = unknown> implements Iterable<T> {
  constructor(private readonly make: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.make()[Symbol.iterator]();
  }

  toJSON(): T[] {
    return [...this.make()];
  }
}

/**
 * `jsonText(value)` in pieces: a big document (an SBOM of 15,000 components is 20 MB of text) is written
 * without ever being one string. Plain arrays, LazyJsonArrays and objects down to `depth` are opened here; deeper
 * values, and any other value with a `toJSON`, are stringified whole. The pieces joined equal `jsonText(value)`.
 */
export function* jsonChunks(value: unknown, depth = 2, indent = ""): Generator<string> {
  if (depth > 0 && value instanceof LazyJsonArray) return yield* arrayChunks(value as Iterable<unknown>, depth, indent);
  const open = depth > 0 && value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function";
  if (!open) {
    const text = JSON.stringify(value, null, 2) ?? "null";
    yield indent ? text.replaceAll("\n", `\n${indent}`) : text;
  } else if (Array.isArray(value)) {
    yield* arrayChunks(value as unknown[], depth, indent);
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

function* arrayChunks(values: Iterable<unknown>, depth: number, indent: string): Generator<string> {
  const inner = `${indent}  `;
  let first = true;
  // A plain array's holes are elements too (undefined: written as null, as JSON.stringify does).
  for (const v of values) {
    yield first ? `[\n${inner}` : `,\n${inner}`;
    first = false;
    yield* jsonChunks(v === undefined || typeof v === "function" || typeof v === "symbol" ? null : v, depth - 1, inner);
  }
  yield first ? "[]" : `\n${indent}]`;
}
