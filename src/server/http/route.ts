/**
 * One table of API routes: fastify registers it and the OpenAPI document is written from it, so the two
 * cannot disagree. Paths are written the OpenAPI way (`/images/{digest}`) relative to `/api/v1`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Role } from "../catalog/tokens.js";
import type { ApiContext } from "./context.js";

export const API_PREFIX = "/api/v1";

export type Method = "GET" | "POST" | "PUT" | "DELETE";

export interface ParamDoc {
  name: string;
  in: "path" | "query";
  description: string;
  required?: boolean;
  enum?: readonly string[];
}

/** The `{digest}` path parameter of the image routes. */
export const digestDoc: ParamDoc = {
  name: "digest",
  in: "path",
  description: "image digest (the manifest digest, or the config digest for archives without one)",
  required: true,
};

export interface ApiRoute {
  method: Method;
  path: string;
  summary: string;
  /** The least role allowed to call it; `public`: no credentials needed (the dashboard's login). */
  role: Role | "public";
  params?: readonly ParamDoc[];
  /** The JSON body, as a JSON Schema (documentation; the handler validates with zod). */
  body?: object;
  /**
   * Present: the body may be as large as the server's upload limit (not 64 KiB); `mediaTypes`: read as raw
   * bytes of these types (an uploaded document) instead of parsed JSON.
   */
  upload?: { mediaTypes?: readonly string[] };
  /** Problem statuses the route may answer besides 400, 401, 403, 404 and 429. */
  problems?: readonly number[];
  /** Success status → description (and media type when not JSON). */
  responses: Record<number, { description: string; mediaType?: string }>;
  handler(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

/** `/images/{digest}` → `/images/:digest`. */
export const fastifyPath = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");
