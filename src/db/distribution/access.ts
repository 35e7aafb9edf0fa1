/** Registry connection options shared by `db update`, `db push` and `ensureDatabase`, as for image pulls. */
import { DredgeError, isDredgeError } from "../../errors.js";
import type { ImageReference } from "../../image/reference.js";
import { parseReference } from "../../image/reference.js";
import { RegistryClient } from "../../image/registry/index.js";
import type { Logger } from "../../util/log.js";
import { SCHEMA_VERSION } from "../schema.js";

export interface RegistryAccess {
  username?: string | undefined;
  password?: string | undefined;
  insecure?: boolean | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  /** First retry delay (tests lower it). */
  retryBaseDelayMs?: number | undefined;
  dockerConfigDir?: string | undefined;
}

/** The default repository of the prebuilt database, tagged by schema version. */
export const DEFAULT_DB_REPOSITORY = `ghcr.io/dredge-scanner/dredge-db:${SCHEMA_VERSION}`;

export function connect(reference: string, access: RegistryAccess, logger: Logger, signal?: AbortSignal): { ref: ImageReference; client: RegistryClient } {
  const ref = parseReference(reference);
  const client = new RegistryClient({
    registry: ref.registry,
    logger,
    ...defined({
      username: access.username, password: access.password, insecure: access.insecure, timeoutMs: access.timeoutMs,
      retries: access.retries, retryBaseDelayMs: access.retryBaseDelayMs, dockerConfigDir: access.dockerConfigDir, signal,
    }),
  });
  return { ref, client };
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** An abort (Ctrl-C, --timeout, a caller's signal) surfaces as CANCELLED, whatever layer noticed it first. */
export function asCancelled(err: unknown, signal: AbortSignal | undefined, what: string): unknown {
  if (!signal?.aborted || isDredgeError(err, "TIMEOUT") || isDredgeError(err, "CANCELLED")) return err;
  const reason = signal.reason instanceof Error ? signal.reason.message : "";
  if (reason === "timeout") return new DredgeError("TIMEOUT", `${what} timed out`, { cause: err });
  return new DredgeError("CANCELLED", `${what} was interrupted`, { cause: err });
}
