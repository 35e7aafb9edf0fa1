/** `GET /db`: the vulnerability database findings are computed with, and its updates; `POST /db/update` starts one now. */
import { HttpProblem } from "../problem.js";
import type { ApiRoute } from "../route.js";

export const databaseRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/db",
    summary: "The vulnerability database in use (build time, schema version, age, stale) and its updates (running, last attempt and its error)",
    role: "reader",
    responses: { 200: { description: "database status" } },
    async handler(ctx) {
      const info = ctx.findings.info();
      const built = Date.parse(info.builtAt);
      const state = ctx.findings.updateState();
      return {
        ...info,
        stale: info.stale === true,
        ageSeconds: Number.isNaN(built) ? null : Math.max(0, Math.round((Date.now() - built) / 1000)),
        update: { ...state, refreshSeconds: ctx.dbRefreshMs ? Math.round(ctx.dbRefreshMs / 1000) : null },
      };
    },
  },
  {
    method: "POST",
    path: "/db/update",
    summary: "Update the vulnerability database now, in the background (one update at a time); GET /db shows how it went",
    role: "admin",
    responses: { 202: { description: "an update is running (started by this request, or already running)" } },
    async handler(ctx, _req, reply) {
      const { disabled } = ctx.findings.updateState();
      if (disabled) throw new HttpProblem(409, "Conflict", `the database cannot be updated: ${disabled}`);
      const { started } = ctx.findings.update();
      void reply.code(202).header("location", "/api/v1/db");
      return { started, running: true };
    },
  },
];
