import { readFileSync } from "node:fs";

/** Dredge's version, from package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** The tool as reports name it. */
export const dredgeTool = (): { name: string; version: string } => ({ name: "dredge", version: version() });
