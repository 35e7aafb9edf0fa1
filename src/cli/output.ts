/** Writing a report to stdout or to a file (atomically). */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { DredgeError, errorMessage } from "../errors.js";
import type { RunContext } from "./context.js";

export async function writeOutput(ctx: RunContext, text: string, file: string | undefined): Promise<void> {
  if (!file || file === "-") {
    ctx.stdout.write(text);
    return;
  }
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new DredgeError("IO_ERROR", `cannot write ${file}: ${errorMessage(err)}`);
  }
}
