/** The OpenAPI 3.1 document of `/api/v1`, written from the route table (so it lists exactly the routes served). */
import { version } from "../../version.js";
import { API_PREFIX, type ApiRoute } from "./route.js";

const problem = { description: "problem details", content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } } };

function operation(route: ApiRoute): object {
  const responses: Record<string, object> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = status === "204" ? { description: r.description } : { description: r.description, content: { [r.mediaType ?? "application/json"]: {} } };
  }
  for (const status of ["400", "401", "403", "404", "429", ...(route.problems ?? []).map(String)]) responses[status] = problem;
  const bodyTypes = route.upload?.mediaTypes ?? ["application/json"];
  return {
    summary: route.summary,
    operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/\/(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, "")}`,
    "x-dredge-role": route.role,
    security: route.role === "public" ? [] : [{ bearer: [] }, { session: [] }],
    parameters: (route.params ?? []).map((p) => ({
      name: p.name, in: p.in, description: p.description, required: p.in === "path" ? true : (p.required ?? false),
      schema: p.enum ? { type: "string", enum: p.enum } : { type: "string" },
    })),
    ...(route.body ? { requestBody: { required: true, content: Object.fromEntries(bodyTypes.map((t) => [t, { schema: route.body }])) } } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly ApiRoute[]): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  return {
    openapi: "3.1.0",
    info: { title: "Dredge server API", version: version() },
    servers: [{ url: API_PREFIX }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API token from `dredge server token create`" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "dredge_session",
          description: "the dashboard's session (POST /session with a token); writes must also send the session's CSRF token in X-CSRF-Token",
        },
      },
      schemas: {
        Problem: {
          type: "object",
          properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, code: { type: "string" } },
          required: ["type", "title", "status"],
        },
      },
    },
  };
}
