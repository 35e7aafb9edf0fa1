/**
 * Redis: `redis-server` (the other redis-* tools are links to it) holds REDIS_VERSION as a bare string
 * (`\07.2.3\0`) and the build id string: REDIS_VERSION + build id (`host-timestamp`, or the timestamp
 * alone) + git dirty flag + 8 hex digits of the git SHA1, e.g. `7.2.3buildkitsandbox-1700000000000000000`.
 * The version is the prefix of such a string that is also present as a bare string.
 */
import type { Package } from "../../model/package.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

const SCAN_LIMIT = 64 * 1024 * 1024;
const MAX_CANDIDATES = 20;
const TOKEN = /(?<![\d.])(\d{1,2}\.\d{1,2}\.)(\d{1,24})([A-Za-z0-9._-]{0,96})\0/g;
const BUILD_ID_REST = /^(?:[A-Za-z0-9._-]{1,63}-)?\d{9,11}\d{1,6}[0-9a-f]{8}$/;

export function redisVersion(buf: Buffer): string | undefined {
  // Latin-1 keeps one character per byte; the patterns need no Unicode.
  const text = buf.toString("latin1", 0, Math.min(buf.length, SCAN_LIMIT));
  const re = new RegExp(TOKEN.source, "g");
  let tried = 0;
  for (let m = re.exec(text); m && tried < MAX_CANDIDATES; m = re.exec(text)) {
    const [, prefix = "", digits = "", tail = ""] = m;
    for (let len = 1; len <= Math.min(3, digits.length); len++) {
      if (!BUILD_ID_REST.test(digits.slice(len) + tail)) continue;
      tried++;
      const version = prefix + digits.slice(0, len);
      if (text.includes(`\0${version}\0`)) return version;
    }
  }
  return undefined;
}

export const redisDetector: RuntimeDetector = {
  name: "redis",
  wants: (path) => /(^|\/)bin\/redis-(server|check-rdb)$/.test(path),
  detect(content: Buffer, path: string): Package[] {
    const v = redisVersion(content);
    return v ? [runtimePackage("redis", v, path)] : [];
  },
};
