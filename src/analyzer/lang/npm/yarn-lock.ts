/** yarn.lock: classic v1 (./yarn-classic.ts) and Berry v2+ (./yarn-berry.ts), with the project's package.json files. */
import type { Siblings } from "../siblings.js";
import type { ParseResult } from "../types.js";
import { parseYarnBerry } from "./yarn-berry.js";
import { parseYarnClassic } from "./yarn-classic.js";

export function parseYarnLock(content: Buffer, path: string, siblings: Siblings = new Map()): ParseResult {
  const text = content.toString("utf8");
  return /^__metadata:/m.test(text) ? parseYarnBerry(text, path, siblings) : parseYarnClassic(text, path, siblings);
}
