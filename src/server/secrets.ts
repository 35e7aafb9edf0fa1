/**
 * Secrets at rest (registry credentials): AES-256-GCM with a random 96-bit nonce per value, authenticated
 * with the row they belong to (additional data), and tagged with the id of the key that sealed them so keys
 * can rotate. Keys come from `DREDGE_SECRET_KEY` (the CLI reads it and passes it in: one or more 32-byte keys,
 * base64 or hex, comma-separated; the first seals, every one opens), or in zero-setup mode from a key file
 * created in the server's data directory with mode 0600 — a key file anyone else may read is refused.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DredgeError } from "../errors.js";
import type { Querier } from "./db/sql.js";

export const KEY_FILE = "secret.key";
const FORMAT = "dredge-secret-v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  /** Id of the key new values are sealed with. */
  readonly keyId: string;
  seal(plain: string, context: string): { sealed: string; keyId: string };
  /** The plain text, or INVALID_CONFIG when the key is unknown or the value was altered. */
  open(sealed: string, context: string): string;
}

/** A key's id: a fingerprint that names it without revealing it. */
export const keyIdOf = (key: Buffer): string => createHash("sha256").update("dredge secret key id\0").update(key).digest("hex").slice(0, 16);

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, "base64") : undefined;
  if (!key || key.length !== 32) {
    throw new DredgeError("INVALID_CONFIG", `${where} is not a 32-byte key (64 hex digits or 44 base64 characters)`, {
      hint: "make one with: openssl rand -base64 32",
    });
  }
  return key;
}

/** `DREDGE_SECRET_KEY`: the sealing key first, older keys after it (comma-separated). */
export function parseSecretKeys(text: string): Buffer[] {
  const keys = text.split(",").map((part, i) => decodeKey(part, `DREDGE_SECRET_KEY (key ${i + 1})`));
  if (keys.length === 0) throw new DredgeError("INVALID_CONFIG", "DREDGE_SECRET_KEY is empty");
  return keys;
}

/** The key file of the data directory: created (0600) when missing; refused when group or others may read it. */
export async function keyFileKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, KEY_FILE);
  const fresh = randomBytes(32);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fh = await open(path, "wx", 0o600);
    try {
      await fh.writeFile(`${fresh.toString("base64")}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const info = await stat(path);
  if (!info.isFile() || (info.mode & 0o077) !== 0) {
    throw new DredgeError("INVALID_CONFIG", `the server's key file ${path} may be read by others (mode ${(info.mode & 0o777).toString(8)})`, {
      hint: `chmod 600 ${path}, or set DREDGE_SECRET_KEY`,
    });
  }
  return decodeKey(await readFile(path, "utf8"), path);
}

export function secretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new DredgeError("INVALID_CONFIG", "no secret key");
  const byId = new Map(keys.map((k) => [keyIdOf(k), k]));
  const sealingId = keyIdOf(keys[0]!);
  const sealingKey = keys[0]!;
  return {
    keyId: sealingId,
    seal(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv("aes-256-gcm", sealingKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return { sealed: [FORMAT, sealingId, nonce.toString("base64url"), body.toString("base64url")].join(":"), keyId: sealingId };
    },
    open(sealed, context) {
      const [format, id, nonceText, bodyText, ...rest] = sealed.split(":");
      if (format !== FORMAT || !id || !nonceText || !bodyText || rest.length > 0) throw new DredgeError("INVALID_CONFIG", "a stored secret is not in a known format");
      const key = byId.get(id);
      if (!key) {
        throw new DredgeError("INVALID_CONFIG", `a stored secret was sealed with key ${id}, which this server does not have`, {
          hint: "give every server and worker the same DREDGE_SECRET_KEY (older keys after the current one)",
        });
      }
      const nonce = Buffer.from(nonceText, "base64url");
      const body = Buffer.from(bodyText, "base64url");
      if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new DredgeError("INVALID_CONFIG", "a stored secret is truncated");
      const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw new DredgeError("INVALID_CONFIG", "a stored secret failed authentication (altered, or sealed for another record)");
      }
    },
  };
}

/** The server's secret box: the keys of `DREDGE_SECRET_KEY` when given, else the data directory's key file. */
export async function openSecretBox(secretKey: string | undefined, dataDir: string): Promise<SecretBox> {
  return secretBox(secretKey !== undefined && secretKey.trim() !== "" ? parseSecretKeys(secretKey) : [await keyFileKey(dataDir)]);
}

/**
 * Seals again, with the box's current key, the `secret` column of every row of `table` sealed with another key
 * this process holds (rows under a key it does not hold are left to a process that does). Returns how many.
 */
export async function resealTable(db: Querier, box: SecretBox, table: "registries" | "subscriptions", context: (id: string) => string): Promise<number> {
  const rows = await db.all<{ id: string; secret: string; key_id: string }>(`SELECT id, secret, key_id FROM ${table} WHERE secret IS NOT NULL AND key_id <> ?`, [box.keyId]);
  let n = 0;
  for (const r of rows) {
    let plain: string;
    try {
      plain = box.open(r.secret, context(r.id));
    } catch {
      continue; // a key this process does not have: another process may
    }
    const s = box.seal(plain, context(r.id));
    n += await db.run(`UPDATE ${table} SET secret = ?, key_id = ? WHERE id = ? AND key_id = ?`, [s.sealed, s.keyId, r.id, r.key_id]);
  }
  return n;
}
