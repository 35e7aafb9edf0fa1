/** Turning registry responses and transport failures into DredgeErrors that name the host and repository. */
import { z } from "zod";
import { DredgeError, errorMessage, type ErrorCode } from "../../errors.js";
import { safeParse } from "../../util/schema.js";

const errorBodySchema = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() }).passthrough()),
});

export interface RegistryErrorBody {
  codes: string[];
  /** `CODE: message; CODE: message`, or the start of a non-JSON body. */
  text: string;
}

/** Parse the distribution error body (`{"errors":[{"code","message"}]}`), defensively. */
export function parseErrorBody(body: string): RegistryErrorBody {
  try {
    const r = safeParse(errorBodySchema, JSON.parse(body));
    if (r.success) {
      const parts = r.data.errors.map((e) => [e.code, e.message].filter(Boolean).join(": "));
      return { codes: r.data.errors.map((e) => e.code ?? ""), text: parts.join("; ") };
    }
  } catch {
    // not JSON: fall through
  }
  const text = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return { codes: [], text };
}

const notFoundCodes = ["MANIFEST_UNKNOWN", "NAME_UNKNOWN", "BLOB_UNKNOWN"];

/** What is being asked, for messages: `HOST/REPO`, plus the object (`manifest latest`, `blob sha256:…`). */
export interface RequestSubject {
  host: string;
  repository: string;
  what: string;
}

export function authRequired(subject: RequestSubject, rejected: boolean, detail = ""): DredgeError {
  const at = `${subject.host}/${subject.repository}`;
  const msg = rejected
    ? `authentication failed for ${at}: the registry rejected the credentials`
    : `authentication required for ${at}: run docker login ${subject.host} or pass --username/--password`;
  return new DredgeError("AUTH_REQUIRED", detail ? `${msg} (${detail})` : msg, {
    hint: rejected ? `check the credentials for ${subject.host}` : `run docker login ${subject.host} or pass --username/--password`,
  });
}

/** Error for an unsuccessful response. */
export function statusError(subject: RequestSubject, status: number, body: string, credentialsSent = false): DredgeError {
  const parsed = parseErrorBody(body);
  const at = `${subject.host}/${subject.repository}`;
  const detail = parsed.text ? `: ${parsed.text}` : "";
  const details = { status, codes: parsed.codes };
  if (status === 401) return authRequired(subject, credentialsSent, parsed.text);
  if (status === 403 || parsed.codes.includes("DENIED")) {
    return new DredgeError("ACCESS_DENIED", `access denied to ${subject.what} in ${at} (HTTP ${status}${detail})`, {
      hint: "check that your account may pull from this repository",
      details,
    });
  }
  if (status === 404 || parsed.codes.some((c) => notFoundCodes.includes(c))) {
    return new DredgeError("IMAGE_NOT_FOUND", `${subject.what} not found in ${at} (HTTP ${status}${detail})`, {
      hint: "check the image name and tag, and that you are logged in to the registry if it is private",
      details,
    });
  }
  if (status === 429 || parsed.codes.includes("TOOMANYREQUESTS")) {
    return new DredgeError("RATE_LIMITED", `${subject.host} rate-limited the request for ${subject.what} in ${at}${detail}`, {
      hint: "wait and retry, or log in to the registry for a higher limit",
      details,
    });
  }
  return new DredgeError("REGISTRY_ERROR", `${subject.host} answered HTTP ${status} for ${subject.what} in ${at}${detail}`, {
    details,
  });
}

const timeoutCodes = ["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT", "ETIMEDOUT"];
const resetCodes = ["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", "UND_ERR_CLOSED", "ECONNABORTED"];

/** The innermost `code` of an error chain (undici wraps socket errors in `TypeError: fetch failed`). */
export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  let code: string | undefined;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === "string") code = c;
    e = e.cause;
  }
  return code;
}

export function isTimeoutError(err: unknown): boolean {
  const code = errorCode(err);
  return (code !== undefined && timeoutCodes.includes(code)) || (err instanceof Error && err.name === "TimeoutError");
}

/** Transient transport failures worth a retry (not refused connections, not DNS, not TLS). */
export function isResetError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && resetCodes.includes(code);
}

function deepMessage(err: unknown): string {
  let e: unknown = err;
  let msg = errorMessage(err);
  for (let i = 0; i < 5 && e instanceof Error && e.cause; i++) {
    e = e.cause;
    msg = errorMessage(e);
  }
  return msg;
}

/** Map a transport failure (not an HTTP status) to NETWORK, TIMEOUT or CANCELLED. */
export function transportError(err: unknown, url: string, timeoutMs: number, during?: string): DredgeError {
  if (err instanceof DredgeError) return err;
  let code: ErrorCode = "NETWORK";
  let msg = during ? `${during} from ${url} broke off: ${deepMessage(err)}` : `cannot reach ${url}: ${deepMessage(err)}`;
  if (isTimeoutError(err)) {
    code = "TIMEOUT";
    msg = `request to ${url} timed out after ${timeoutMs} ms`;
  }
  return new DredgeError(code, msg, {
    cause: err,
    hint: code === "TIMEOUT" ? "raise --timeout or check the network" : "check the registry host and your network/proxy",
    details: { url, code: errorCode(err) },
  });
}
