/**
 * Errors as RFC 9457 problem details (`application/problem+json`): DredgeErrors by their stable code,
 * fastify's own (body too large, bad JSON, wrong media type) by their status, anything else a 500 that
 * says nothing about the inside.
 */
import type { FastifyReply } from "fastify";
import { DredgeError, type ErrorCode } from "../../errors.js";

export const PROBLEM_TYPE = "application/problem+json";

/** An HTTP failure that is not a DredgeError of the pipeline: 404 of a scan, 401/403 of the API. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    /** Members added to the problem document (RFC 9457 extensions), e.g. the `problems` of a policy. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(detail ?? title);
    this.name = "HttpProblem";
  }
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  USAGE: 400, INVALID_REFERENCE: 400, INVALID_CONFIG: 400, PARSE_ERROR: 400, AUTH_REQUIRED: 401, ACCESS_DENIED: 403,
  IMAGE_NOT_FOUND: 404, CONFLICT: 409, LIMIT_EXCEEDED: 413, UNSUPPORTED_MEDIA_TYPE: 415, RATE_LIMITED: 429, DB_NOT_FOUND: 503, DB_LOCKED: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

const titles: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" };

export function toProblem(err: unknown): { problem: Problem; retryAfter?: number } {
  if (err instanceof HttpProblem) return { problem: { type: "about:blank", title: err.title, status: err.status, ...(err.detail ? { detail: err.detail } : {}), ...err.extensions } };
  if (err instanceof DredgeError) {
    const status = statusOf[err.code] ?? 500;
    const detail = status === 500 ? "the server failed to handle the request" : `${err.message}${err.hint ? ` (${err.hint})` : ""}`;
    const retry = err.details?.retryAfterSeconds;
    return { problem: { type: "about:blank", title: titles[status] ?? "Error", status, detail, code: err.code }, ...(typeof retry === "number" ? { retryAfter: retry } : {}) };
  }
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { problem: { type: "about:blank", title: titles[status] ?? "Bad Request", status, detail: (err as Error).message } };
  }
  return { problem: { type: "about:blank", title: titles[500]!, status: 500, detail: "the server failed to handle the request" } };
}

export function sendProblem(reply: FastifyReply, err: unknown): FastifyReply {
  const { problem, retryAfter } = toProblem(err);
  if (retryAfter !== undefined) void reply.header("retry-after", String(retryAfter));
  if (problem.status === 401) void reply.header("www-authenticate", 'Bearer realm="dredge"');
  return reply.code(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem));
}

export const notFound = (what: string) => new HttpProblem(404, "Not Found", `${what} not found`);
