/**
 * `/registries`: registries the operator configured — host, insecure (plain HTTP / unverified TLS allowed),
 * optional credentials (username and password, or a token). Admins write, readers list. Credentials are
 * write-only: sealed at rest, never in a response or a log; records say only which kind is stored.
 */
import { z } from "zod";
import { isDredgeError } from "../../../errors.js";
import { parseReference } from "../../../image/reference.js";
import type { RegistryInput } from "../../catalog/registries.js";
import { parseInput } from "../input.js";
import { HttpProblem, notFound } from "../problem.js";
import { API_PREFIX, type ApiRoute, type ParamDoc } from "../route.js";
import { safeParse } from "../../../util/schema.js";

const secret = z.string({ error: "is not a string" }).min(1).max(8192);

const registryBody = z.strictObject({
  host: z
    .string({ error: "is not a string" })
    .max(255)
    .refine(isRegistryHost, { error: "is not a registry host[:port] (e.g. registry.example.com or 10.0.0.5:5000)" })
    .transform((h) => h.toLowerCase()),
  insecure: z.boolean({ error: "is not true or false" }).default(false),
  credentials: z
    .union([z.strictObject({ username: z.string().min(1).max(1024), password: secret }), z.strictObject({ token: secret })], {
      error: "is {username, password} or {token}",
    })
    .nullable()
    .optional(),
  referrers: z
    .strictObject({
      sbom: z.array(z.enum(["cyclonedx", "spdx-json"], { error: "is not cyclonedx or spdx-json" })).max(2).default([]),
      report: z.enum(["json", "sarif"], { error: "is not json or sarif" }).optional(),
    })
    .nullable()
    .optional(),
});

/** What references name as their registry: a host name or IP (IPv6 in brackets), with an optional port. */
function isRegistryHost(text: string): boolean {
  try {
    return parseReference(`${text.toLowerCase()}/probe`).registry === text.toLowerCase();
  } catch {
    return false;
  }
}

const registryId = z.strictObject({ id: z.uuid() });
const idDoc: ParamDoc = { name: "id", in: "path", description: "registry id", required: true };

const bodySchema = {
  type: "object",
  additionalProperties: false,
  required: ["host"],
  properties: {
    host: { type: "string", maxLength: 255, description: "host or host:port, as image references name it" },
    insecure: { type: "boolean", description: "allow plain HTTP and unverified TLS" },
    credentials: {
      description: "write-only; never returned",
      oneOf: [
        { type: "null" },
        { type: "object", additionalProperties: false, required: ["username", "password"], properties: { username: { type: "string" }, password: { type: "string" } } },
        { type: "object", additionalProperties: false, required: ["token"], properties: { token: { type: "string", description: "an OAuth2 refresh (identity) token" } } },
      ],
    },
    referrers: {
      description: "after each scan of an image of this registry, push these as OCI referrers of the image (the credentials need push access); null: nothing; absent on PUT: kept",
      oneOf: [
        { type: "null" },
        {
          type: "object",
          additionalProperties: false,
          properties: {
            sbom: { type: "array", items: { enum: ["cyclonedx", "spdx-json"] } },
            report: { enum: ["json", "sarif"], description: "the vulnerability report: Dredge JSON or SARIF" },
          },
        },
      ],
    },
  },
};

const idOf = (params: unknown): string => {
  const r = safeParse(registryId, params);
  if (!r.success) throw notFound("registry");
  return r.data.id;
};

const conflict = (err: unknown): unknown => (isDredgeError(err, "USAGE") && /already configured/.test(err.message) ? new HttpProblem(409, "Conflict", err.message) : err);

export const registryRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/registries",
    summary: "Configured registries (never their credentials)",
    role: "reader",
    responses: { 200: { description: "the registries" } },
    handler: async (ctx) => ({ items: await ctx.registries.list() }),
  },
  {
    method: "POST",
    path: "/registries",
    summary: "Configure a registry: host[:port], insecure, credentials (sealed at rest, write-only); it may be on a private address",
    role: "admin",
    body: bodySchema,
    responses: { 201: { description: "configured" } },
    async handler(ctx, req, reply) {
      const body = parseInput(registryBody, req.body, "request body") as RegistryInput;
      const record = await ctx.registries.create(body).catch((err: unknown) => Promise.reject(conflict(err)));
      void reply.code(201).header("location", `${API_PREFIX}/registries/${record.id}`);
      return record;
    },
  },
  {
    method: "GET",
    path: "/registries/{id}",
    summary: "A configured registry (never its credentials)",
    role: "reader",
    params: [idDoc],
    responses: { 200: { description: "the registry" } },
    async handler(ctx, req) {
      const record = await ctx.registries.get(idOf(req.params));
      if (!record) throw notFound("registry");
      return record;
    },
  },
  {
    method: "PUT",
    path: "/registries/{id}",
    summary: "Replace a registry's host and options; credentials absent are kept, null removes them",
    role: "admin",
    params: [idDoc],
    body: bodySchema,
    responses: { 200: { description: "the registry" } },
    async handler(ctx, req) {
      const id = idOf(req.params);
      const body = parseInput(registryBody, req.body, "request body") as RegistryInput;
      const record = await ctx.registries.update(id, body).catch((err: unknown) => Promise.reject(conflict(err)));
      if (!record) throw notFound("registry");
      return record;
    },
  },
  {
    method: "DELETE",
    path: "/registries/{id}",
    summary: "Remove a registry and its credentials",
    role: "admin",
    params: [idDoc],
    responses: { 204: { description: "deleted" } },
    async handler(ctx, req, reply) {
      if (!(await ctx.registries.delete(idOf(req.params)))) throw notFound("registry");
      return reply.code(204).send();
    },
  },
];
