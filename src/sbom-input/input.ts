/** Read an SBOM file with a size limit, decode it and parse JSON, with errors that name the file. */
import { open } from "node:fs/promises";
import { DredgeError, errorMessage } from "../errors.js";

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

export async function readLimited(path: string, maxBytes: number): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    throw new DredgeError("IO_ERROR", `cannot open SBOM ${path}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new DredgeError("IO_ERROR", `SBOM ${path} is not a regular file`);
    if (st.size > maxBytes) throw tooLarge(path, maxBytes);
    // Read at most maxBytes + 1 even if the file grows meanwhile.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n === buf.length) break;
    }
    if (n > maxBytes) throw tooLarge(path, maxBytes);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof DredgeError) throw err;
    throw new DredgeError("IO_ERROR", `cannot read SBOM ${path}: ${errorMessage(err)}`, { cause: err });
  } finally {
    await fh.close();
  }
}

function tooLarge(path: string, maxBytes: number): DredgeError {
  return new DredgeError("LIMIT_EXCEEDED", `SBOM ${path} is larger than ${maxBytes} bytes`, {
    hint: "raise the SBOM size limit (maxBytes) if this file is trusted",
  });
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new DredgeError("PARSE_ERROR", `${what} is not valid JSON: ${errorMessage(err)}`, {
      hint: "Dredge reads CycloneDX JSON and SPDX 2.x (JSON or tag-value) SBOMs",
      cause: err,
    });
  }
}
