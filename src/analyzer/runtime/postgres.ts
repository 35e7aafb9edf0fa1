/**
 * PostgreSQL: `postgres (PostgreSQL) 16.1` (PG_BACKEND_VERSIONSTR) in the server executable:
 * /usr/local/bin/postgres (alpine images, built from source), /usr/lib/postgresql/16/bin/postgres.
 */
import { markerDetector } from "./marker.js";

export const postgresDetector = markerDetector({
  name: "postgresql",
  path: /(^|\/)bin\/postgres$/,
  marker: "postgres (PostgreSQL) ",
  version: /^(\d{1,2}\.\d{1,3}(?:\.\d{1,3})?|\d{1,2}(?:beta|rc)\d{1,2})(?![\w.])/,
});
