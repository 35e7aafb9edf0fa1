/**
 * Registries the operator configured (`/api/v1/registries`): a host, whether plain HTTP / unverified TLS is
 * allowed, and optional credentials (username and password, or a token), sealed at rest (../secrets.ts) with
 * the registry's id as authenticated context. Credentials are write-only: records never carry them; only the
 * workers' `access()` opens them. A configured registry may be on a private address (the SSRF guard allows it).
 */
import { randomUUID } from "node:crypto";
import { DredgeError } from "../../errors.js";
import type { ConfiguredAccess } from "../../image/registry/index.js";
import { one, type Row, type SqlDatabase } from "../db/sql.js";
import { resealTable, type SecretBox } from "../secrets.js";

export type Credentials = { username: string; password: string } | { token: string };

/** What to attach to the images scanned from a registry, as OCI referrers (docs/registries.md). */
export interface ReferrerSettings {
  sbom: ("cyclonedx" | "spdx-json")[];
  report?: "json" | "sarif";
}

export interface RegistryInput {
  /** `host` or `host:port`, as references name the registry. */
  host: string;
  insecure: boolean;
  credentials?: Credentials | null;
  /** Absent: kept (on update); null: nothing attached. */
  referrers?: ReferrerSettings | null;
}

export interface RegistryRecord {
  id: string;
  host: string;
  insecure: boolean;
  /** What kind of credentials are stored (never the credentials). */
  credentials: "basic" | "token" | null;
  referrers: ReferrerSettings | null;
  createdAt: number;
  updatedAt: number;
}

export interface RegistryStore {
  create(input: RegistryInput): Promise<RegistryRecord>;
  /** Replaces host, options and credentials (credentials absent: kept; null: removed). */
  update(id: string, input: RegistryInput): Promise<RegistryRecord | undefined>;
  get(id: string): Promise<RegistryRecord | undefined>;
  list(): Promise<RegistryRecord[]>;
  delete(id: string): Promise<boolean>;
  /** The configured hosts (allowed past the SSRF guard). */
  hosts(): Promise<string[]>;
  /** Opened credentials and options per host, for the workers; a value that cannot be opened is its error. */
  access(): Promise<Map<string, ConfiguredAccess | DredgeError>>;
  /** The referrer settings of a configured host (none: nothing to attach). */
  referrers(host: string): Promise<ReferrerSettings | undefined>;
  /** Re-seals credentials sealed with an older key under the current one; returns how many. */
  reseal(): Promise<number>;
}

const context = (id: string): string => `registry:${id}`;

const toRecord = (r: Row): RegistryRecord => ({
  id: r.id as string, host: r.host as string, insecure: r.insecure === 1,
  credentials: (r.credentials as RegistryRecord["credentials"]) ?? null,
  referrers: r.referrers ? (JSON.parse(r.referrers as string) as ReferrerSettings) : null, createdAt: r.created_at as number, updatedAt: r.updated_at as number,
});

const kindOf = (c: Credentials): "basic" | "token" => ("token" in c ? "token" : "basic");

const duplicate = (host: string) => new DredgeError("USAGE", `registry ${host} is already configured`, { hint: "update it (PUT /registries/{id})" });

export function sqlRegistries(db: SqlDatabase, box: SecretBox): RegistryStore {
  const sealed = (id: string, c: Credentials | null | undefined) => (c ? box.seal(JSON.stringify(c), context(id)) : undefined);
  const isUniqueViolation = (err: unknown) => /unique|duplicate key/i.test(String((err as Error).message));
  return {
    async create(input) {
      const id = randomUUID();
      const now = Date.now();
      const s = sealed(id, input.credentials);
      try {
        await db.run(
          `INSERT INTO registries (id, host, insecure, credentials, secret, key_id, created_at, updated_at, referrers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, input.host, input.insecure ? 1 : 0, input.credentials ? kindOf(input.credentials) : null, s?.sealed ?? null, s?.keyId ?? null, now, now, input.referrers ? JSON.stringify(input.referrers) : null],
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(input.host);
        throw err;
      }
      return (await this.get(id))!;
    },
    async update(id, input) {
      const now = Date.now();
      try {
        const changed =
          input.credentials === undefined
            ? await db.run(`UPDATE registries SET host = ?, insecure = ?, updated_at = ? WHERE id = ?`, [input.host, input.insecure ? 1 : 0, now, id])
            : await (() => {
                const s = sealed(id, input.credentials);
                return db.run(`UPDATE registries SET host = ?, insecure = ?, credentials = ?, secret = ?, key_id = ?, updated_at = ? WHERE id = ?`, [
                  input.host, input.insecure ? 1 : 0, input.credentials ? kindOf(input.credentials) : null, s?.sealed ?? null, s?.keyId ?? null, now, id,
                ]);
              })();
        if (changed > 0 && input.referrers !== undefined) await db.run("UPDATE registries SET referrers = ? WHERE id = ?", [input.referrers ? JSON.stringify(input.referrers) : null, id]);
        return changed > 0 ? this.get(id) : undefined;
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicate(input.host);
        throw err;
      }
    },
    get: async (id) => {
      const r = await one(db, "SELECT id, host, insecure, credentials, referrers, created_at, updated_at FROM registries WHERE id = ?", [id]);
      return r ? toRecord(r) : undefined;
    },
    list: async () => (await db.all("SELECT id, host, insecure, credentials, referrers, created_at, updated_at FROM registries ORDER BY host")).map(toRecord),
    delete: async (id) => (await db.run("DELETE FROM registries WHERE id = ?", [id])) > 0,
    referrers: async (host) => {
      const r = await one<{ referrers: string | null }>(db, "SELECT referrers FROM registries WHERE host = ?", [host]);
      return r?.referrers ? (JSON.parse(r.referrers) as ReferrerSettings) : undefined;
    },
    hosts: async () => (await db.all<{ host: string }>("SELECT host FROM registries")).map((r) => r.host),
    async access() {
      const out = new Map<string, ConfiguredAccess | DredgeError>();
      for (const r of await db.all<{ id: string; host: string; insecure: number; secret: string | null }>("SELECT id, host, insecure, secret FROM registries")) {
        try {
          const c = r.secret ? (JSON.parse(box.open(r.secret, context(r.id))) as Credentials) : undefined;
          const credentials = c ? ("token" in c ? { identityToken: c.token, source: `registry ${r.host}` } : { username: c.username, password: c.password, source: `registry ${r.host}` }) : undefined;
          out.set(r.host, { insecure: r.insecure === 1, ...(credentials ? { credentials } : {}) });
        } catch (err) {
          out.set(r.host, err instanceof DredgeError ? err : new DredgeError("INVALID_CONFIG", `the credentials of registry ${r.host} cannot be read`));
        }
      }
      return out;
    },
    reseal: () => resealTable(db, box, "registries", context),
  };
}
