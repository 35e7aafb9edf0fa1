/**
 * The one error type of Dredge. `code` is stable (scripts and tests match on it); `message` is for users
 * and names the input at fault; `hint` says what to do about it. Expected failures (policy failed, stale
 * database, image not found) are DredgeErrors; anything else reaching the CLI is a bug.
 */
export type ErrorCode =
  | "USAGE"
  | "INVALID_CONFIG"
  | "INVALID_REFERENCE"
  | "IMAGE_NOT_FOUND"
  | "AUTH_REQUIRED"
  | "ACCESS_DENIED"
  | "RATE_LIMITED"
  | "REGISTRY_ERROR"
  | "NETWORK"
  | "TIMEOUT"
  | "DIGEST_MISMATCH"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UNSUPPORTED_MANIFEST"
  | "PLATFORM_NOT_FOUND"
  | "INVALID_ARCHIVE"
  | "INVALID_MANIFEST"
  | "CORRUPT_LAYER"
  | "UNSAFE_PATH"
  | "LIMIT_EXCEEDED"
  | "PARSE_ERROR"
  | "INVALID_VERSION"
  | "DB_ERROR"
  | "DB_NOT_FOUND"
  | "DB_STALE"
  | "DB_LOCKED"
  | "POLICY_FAILED"
  | "ENGINE_ERROR"
  | "IO_ERROR"
  | "CONFLICT"
  | "SERVER_ERROR"
  | "CANCELLED"
  | "INTERNAL";

export interface DredgeErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Structured context for --debug output (file, layer, url…). Never secrets. */
  details?: Record<string, unknown>;
}

export class DredgeError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DredgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DredgeError";
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }
}

export function isDredgeError(err: unknown, code?: ErrorCode): err is DredgeError {
  return err instanceof DredgeError && (code === undefined || err.code === code);
}

/** Message of any thrown value, for wrapping into a DredgeError. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
