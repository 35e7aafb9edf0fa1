import { readFileSync } from "node:fs";

let cached: string | undefined;

/** Dredge's version, from package.json (read once: every report and the server's responses name it). */
export function version(): string {
  cached ??= (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return cached;
}

/** The tool as reports name it. */
export const dredgeTool = (): { name: string; version: string } => ({ name: "dredge", version: version() });
