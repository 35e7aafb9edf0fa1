/** The text of an --input-list: a file, or stdin for `-`; bounded in bytes. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { DredgeError } from "../errors.js";

export const maxInputListBytes = 4 * 1024 * 1024;

export async function readInputList(path: string, stdin: NodeJS.ReadableStream): Promise<string> {
  if (path === "-") return readBounded(stdin, "stdin");
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new DredgeError("USAGE", `--input-list ${path}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  if (!st.isFile()) throw new DredgeError("USAGE", `--input-list ${path}: not a file`);
  return readBounded(createReadStream(path), path);
}

async function readBounded(stream: NodeJS.ReadableStream, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > maxInputListBytes) throw new DredgeError("USAGE", `--input-list ${name}: larger than ${maxInputListBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}
