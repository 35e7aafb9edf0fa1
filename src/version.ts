import { readFileSync } from "node:fs";

/**
 * package.json's version, written in by the bundle build (scripts/bundle.mjs): the bundle does not sit
 * where `../package.json` is. Undefined when running from dist/ or the sources.
 */
declare const DREDGE_BUNDLED_VERSION: string | undefined;

let cached: string | undefined;

/** Dredge's version, from package.json (read once: every report and the server's responses name it). */
export function version(): string {
  cached ??=
    typeof DREDGE_BUNDLED_VERSION === "string"
      ? DREDGE_BUNDLED_VERSION
      : (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  return cached;
}

/** The tool as reports name it. */
export const dredgeTool = (): { name: string; version: string } => ({ name: "dredge", version: version() });
