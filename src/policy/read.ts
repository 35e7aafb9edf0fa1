/** Reads a policy input file (ignore file, VEX document) with a size cap and errors that name the file. */
import { readFileSync, statSync } from "node:fs";
import { DredgeError, errorMessage } from "../errors.js";

export function readPolicyFile(path: string, what: string, maxBytes: number): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a regular file");
    size = st.size;
  } catch (err) {
    throw new DredgeError("IO_ERROR", `cannot read ${what} ${path}: ${errorMessage(err)}`, { cause: err });
  }
  if (size > maxBytes) {
    throw new DredgeError("LIMIT_EXCEEDED", `${what} ${path} is ${size} bytes, more than the limit of ${maxBytes}`);
  }
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new DredgeError("IO_ERROR", `cannot read ${what} ${path}: ${errorMessage(err)}`, { cause: err });
  }
}
