/** PHP: `include/php/main/php_version.h` (`#define PHP_VERSION "8.2.13"`), shipped by the official images. */
import type { Package } from "../../model/package.js";
import { defineString, smallText } from "./scan.js";
import { runtimePackage, type RuntimeDetector } from "./types.js";

const PHP_VERSION = /^\d{1,2}\.\d{1,2}\.\d{1,3}(?:(?:alpha|beta|RC)\d{1,2})?$/;

export function parsePhpVersionHeader(content: Buffer): string | undefined {
  const text = smallText(content);
  const v = text === undefined ? undefined : defineString(text, "PHP_VERSION");
  return v !== undefined && PHP_VERSION.test(v) ? v : undefined;
}

export const phpDetector: RuntimeDetector = {
  name: "php",
  wants: (path) => /(^|\/)include\/php\/main\/php_version\.h$/.test(path),
  detect(content: Buffer, path: string): Package[] {
    const v = parsePhpVersionHeader(content);
    return v ? [runtimePackage("php", v, path)] : [];
  },
};
