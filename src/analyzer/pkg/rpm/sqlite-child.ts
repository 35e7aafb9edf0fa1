/**
 * Child process entry (forked by ./sqlite.ts): reads the rpmdb.sqlite named by argv[2] within the limits
 * of argv[3] (JSON) and sends the header blobs to the parent over IPC, in batches, then `done`.
 */
import { defaultSqliteLimits, readPackageFile, type SqliteChildMessage, type SqliteLimits } from "./sqlite-read.js";

const BATCH_BYTES = 4 * 1024 * 1024;

function send(message: SqliteChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error("no IPC channel: this module runs as a child of sqlite.ts"));
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

function limitsFrom(json: string | undefined): SqliteLimits {
  const given = JSON.parse(json ?? "{}") as Partial<Record<keyof SqliteLimits, unknown>>;
  const pick = (k: keyof SqliteLimits): number => (typeof given[k] === "number" ? given[k] : defaultSqliteLimits[k]);
  return { maxRows: pick("maxRows"), maxBlobBytes: pick("maxBlobBytes"), maxTotalBytes: pick("maxTotalBytes") };
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? "";
  let batch: Uint8Array[] = [];
  let bytes = 0;
  for (const ev of readPackageFile(file, limitsFrom(process.argv[3]))) {
    if ("warning" in ev) {
      await send({ kind: "warning", message: ev.warning });
      continue;
    }
    batch.push(ev.blob);
    bytes += ev.blob.length;
    if (bytes >= BATCH_BYTES) {
      await send({ kind: "blobs", blobs: batch });
      [batch, bytes] = [[], 0];
    }
  }
  if (batch.length > 0) await send({ kind: "blobs", blobs: batch });
  await send({ kind: "done" });
  process.disconnect();
}

// Once the parent has gone away, the next send fails and the child ends.
await main();
