/** Writing a report to stdout or to a file (atomically). */
import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { DredgeError, errorMessage } from "../errors.js";
import type { InventoryGap } from "../model/inventory.js";
import { incompleteLines } from "../report/common/incomplete.js";
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

/**
 * An incomplete inventory (packages may be missing) is said on stderr whatever the output format, the table
 * on stdout included; the exit code does not change (gates on it belong to the policy).
 */
export function warnIncomplete(ctx: RunContext, gaps: readonly InventoryGap[] | undefined): void {
  for (const line of incompleteLines(gaps ?? [])) ctx.logger.warn(line);
}
