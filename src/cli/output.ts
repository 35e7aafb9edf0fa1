/** Writing a report to stdout or to a file (atomically). */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { DredgeError, errorMessage } from "../errors.js";
import type { InventoryGap } from "../model/inventory.js";
import { incompleteLines } from "../report/common/incomplete.js";
import { jsonChunks, writeText } from "../report/common/write.js";
import type { RunContext } from "./context.js";

export async function writeOutput(ctx: RunContext, text: string, file: string | undefined): Promise<void> {
  if (!file || file === "-") {
    ctx.stdout.write(text);
    return;
  }
  await writeFileAtomically(file, async (out) => {
    out.write(text);
  });
}

/**
 * `value` as JSON (two-space indentation, final newline) to stdout or a file, written in pieces of ~64 kB:
 * a big SBOM never exists as one string (report/common/write.ts, jsonChunks).
 */
export async function writeJsonOutput(ctx: RunContext, value: unknown, file: string | undefined): Promise<void> {
  const write = async (out: NodeJS.WritableStream): Promise<void> => {
    let pending = "";
    for (const piece of jsonChunks(value)) {
      pending += piece;
      if (pending.length >= 65536) {
        await writeText(out, pending);
        pending = "";
      }
    }
    await writeText(out, `${pending}\n`);
  };
  if (!file || file === "-") await write(ctx.stdout);
  else await writeFileAtomically(file, write);
}

/** Write through a temp file renamed into place; any failure (missing directory, full disk) names the file. */
export async function writeFileAtomically(file: string, write: (out: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const tmp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  let created = false;
  try {
    const fh = await open(tmp, "w");
    created = true;
    const out = fh.createWriteStream();
    const failed = new Promise<never>((_, reject) => out.once("error", reject));
    const done = (async () => {
      await write(out);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    })();
    await Promise.race([done, failed]);
    await rename(tmp, file);
  } catch (err) {
    if (created) await rm(tmp, { force: true });
    throw err instanceof DredgeError ? err : new DredgeError("IO_ERROR", `cannot write ${file}: ${reason(err)}`, { hint: "check that the directory exists and is writable" });
  }
}

const reason = (err: unknown): string => {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return errorMessage(err);
};

/**
 * An incomplete inventory (packages may be missing) is said on stderr whatever the output format, the table
 * on stdout included; the exit code does not change (gates on it belong to the policy). `prefix`: the image's
 * label when a run has several images.
 */
export function warnIncomplete(ctx: RunContext, gaps: readonly InventoryGap[] | undefined, prefix = ""): void {
  for (const line of incompleteLines(gaps ?? [])) ctx.logger.warn(prefix + line);
}
