/** `GET /db`: the vulnerability database findings are computed with. */
import type { ApiRoute } from "../route.js";

export const databaseRoutes: readonly ApiRoute[] = [
  {
    method: "GET",
    path: "/db",
    summary: "The vulnerability database in use: build time, schema version, age, stale",
    role: "reader",
    responses: { 200: { description: "database status" } },
    async handler(ctx) {
      const info = ctx.findings.info();
      const built = Date.parse(info.builtAt);
      return { ...info, stale: info.stale === true, ageSeconds: Number.isNaN(built) ? null : Math.max(0, Math.round((Date.now() - built) / 1000)) };
    },
  },
];
