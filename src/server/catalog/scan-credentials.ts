/**
 * Registry credentials given with one scan (the Harbor adapter's `registry.authorization`): sealed at rest
 * (../secrets.ts) with the scan's id as authenticated context, read only by the worker that runs that scan,
 * and deleted when the scan ends. The host they are for may be on a private address (Harbor's registry is an
 * operator-configured source: the request that named it carried the Harbor registration's credential).
 */
import { DredgeError } from "../../errors.js";
import type { ConfiguredAccess } from "../../image/registry/index.js";
import { one, type SqlDatabase } from "../db/sql.js";
import type { SecretBox } from "../secrets.js";

/** An HTTP Authorization value for the registry: `Basic base64(user:pass)` or `Bearer token`. */
export interface ScanCredentials {
  host: string;
  /** Plain HTTP allowed (the registry URL was http://). */
  insecure: boolean;
  authorization?: string;
}

/**
 * Keyed by the scan's target (`registry:host/repo@digest`), stored before the scan is enqueued so no worker
 * can claim it without them; a scan of the same target requested meanwhile replaces them.
 */
export interface ScanCredentialStore {
  put(target: string, credentials: ScanCredentials): Promise<void>;
  /** The host and its access for a scan of this target; a value that cannot be opened is its error. */
  access(target: string): Promise<{ host: string; access: ConfiguredAccess } | DredgeError | undefined>;
  /** Deletes the target's credentials stored at or before `before` (epoch ms): later ones are another request's. */
  delete(target: string, before: number): Promise<void>;
}

const context = (target: string): string => `scan-target:${target}`;

/** `Basic …` → username and password; `Bearer …` → a registry token sent as is. */
export function accessOf(c: ScanCredentials): ConfiguredAccess {
  const source = `the scan request's authorization for ${c.host}`;
  const m = c.authorization ? /^(Basic|Bearer)\s+(\S+)$/i.exec(c.authorization.trim()) : null;
  if (!m) return { insecure: c.insecure };
  if (m[1]!.toLowerCase() === "bearer") return { insecure: c.insecure, credentials: { registryToken: m[2]!, source } };
  const plain = Buffer.from(m[2]!, "base64").toString("utf8");
  const colon = plain.indexOf(":");
  if (colon < 0) throw new DredgeError("USAGE", "the registry authorization is not Basic base64(user:password)");
  return { insecure: c.insecure, credentials: { username: plain.slice(0, colon), password: plain.slice(colon + 1), source } };
}

export function sqlScanCredentials(db: SqlDatabase, box: SecretBox): ScanCredentialStore {
  return {
    async put(target, c) {
      const s = box.seal(JSON.stringify(c), context(target));
      await db.tx(async (q) => {
        await q.run("DELETE FROM scan_credentials WHERE target = ?", [target]);
        await q.run("INSERT INTO scan_credentials (target, secret, key_id, created_at) VALUES (?, ?, ?, ?)", [target, s.sealed, s.keyId, Date.now()]);
      });
    },
    async access(target) {
      const r = await one<{ secret: string }>(db, "SELECT secret FROM scan_credentials WHERE target = ?", [target]);
      if (!r) return undefined;
      try {
        const c = JSON.parse(box.open(r.secret, context(target))) as ScanCredentials;
        return { host: c.host, access: accessOf(c) };
      } catch (err) {
        return err instanceof DredgeError ? err : new DredgeError("INVALID_CONFIG", "the registry credentials of this scan cannot be read");
      }
    },
    delete: async (target, before) => void (await db.run("DELETE FROM scan_credentials WHERE target = ? AND created_at <= ?", [target, before])),
  };
}
